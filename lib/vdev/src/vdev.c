/* SPDX-License-Identifier: BSD-3-Clause */
/* The per-VM port-I/O table and dispatcher. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vdev/vdev.h>

void vdev_table_init(struct vdev_table *t, const char *vm_name)
{
	memset(t, 0, sizeof(*t));
	t->vm_name = vm_name ? vm_name : "?";
}

int vdev_register(struct vdev_table *t, const struct vdev_io_range *r)
{
	if (r->len == 0 || (uint32_t)r->base + r->len > VDEV_PORTS) {
		plat_log(PLAT_LOG_ERROR, "vdev: %s: %s: ports 0x%x+%u are not a valid range", t->vm_name, r->name,
			 r->base, r->len);
		return -HV_EINVAL;
	}
	for (uint32_t i = 0; i < t->count; i++) {
		const struct vdev_io_range *o = &t->ranges[i];
		if (r->base < (uint32_t)o->base + o->len && o->base < (uint32_t)r->base + r->len) {
			plat_log(PLAT_LOG_ERROR, "vdev: %s: %s at ports 0x%x-0x%x overlaps %s at 0x%x-0x%x", t->vm_name,
				 r->name, r->base, r->base + r->len - 1, o->name, o->base, o->base + o->len - 1);
			return -HV_EBUSY;
		}
	}
	if (t->count == VDEV_MAX_RANGES) {
		plat_log(PLAT_LOG_ERROR, "vdev: %s: no room for %s (%u ranges)", t->vm_name, r->name, VDEV_MAX_RANGES);
		return -HV_ENOMEM;
	}
	t->ranges[t->count++] = *r;
	return 0;
}

/* True the first time it is asked about port (per table), false after: the log-once bitmap. */
static bool first_time(struct vdev_table *t, uint16_t port)
{
	uint8_t bit = (uint8_t)(1u << (port % 8));
	if (t->logged[port / 8] & bit)
		return false;
	t->logged[port / 8] |= bit;
	return true;
}

static uint32_t size_mask(unsigned int size)
{
	return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

void vdev_unclaimed(struct vdev_table *t, uint16_t port, unsigned int size, bool is_write, uint32_t *val)
{
	if (!is_write)
		*val = size_mask(size);
	if (!first_time(t, port) || t->logged_count > VDEV_UNCLAIMED_LOG_MAX)
		return;
	if (t->logged_count++ == VDEV_UNCLAIMED_LOG_MAX)
		plat_log(PLAT_LOG_WARN, "vdev: %s: more unclaimed ports: no longer logged", t->vm_name);
	else
		plat_log(PLAT_LOG_WARN, "vdev: %s: unclaimed %s of %u byte(s) at port 0x%x%s", t->vm_name,
			 is_write ? "write" : "read", size, port, is_write ? " ignored" : " reads all ones");
}

static struct vdev_io_range *find(struct vdev_table *t, uint32_t port)
{
	for (uint32_t i = 0; i < t->count; i++)
		if (port >= t->ranges[i].base && port - t->ranges[i].base < t->ranges[i].len)
			return &t->ranges[i];
	return NULL;
}

static int dev_access(struct vdev_io_range *r, uint16_t port, unsigned int size, bool is_write, uint32_t *val)
{
	if (is_write)
		return r->write ? r->write(r->dev, port, size, *val & size_mask(size)) : 0;
	uint32_t v = size_mask(size);
	int rc = r->read ? r->read(r->dev, port, size, &v) : 0;
	*val = v & size_mask(size);
	return rc;
}

/* The common case: one device holds the whole access and takes it whole. */
static bool takes_whole(const struct vdev_io_range *r, uint16_t port, unsigned int size)
{
	return r != NULL && (uint32_t)port + size <= (uint32_t)r->base + r->len && (size == 1 || !r->byte_access);
}

static bool any_byte_claimed(struct vdev_table *t, uint16_t port, unsigned int size)
{
	for (unsigned int i = 0; i < size; i++)
		if (find(t, (uint32_t)port + i) != NULL)
			return true;
	return false;
}

/* One byte of a split access: ports past 0xffff read as all ones, unclaimed ports as vdev_unclaimed says. */
static int byte_access(struct vdev_table *t, uint32_t p, bool is_write, uint32_t *b)
{
	if (p >= VDEV_PORTS) {
		*b = 0xff;
		return 0;
	}
	struct vdev_io_range *r = find(t, p);
	if (r == NULL) {
		vdev_unclaimed(t, (uint16_t)p, 1, is_write, b);
		return 0;
	}
	return dev_access(r, (uint16_t)p, 1, is_write, b);
}

/* Byte by byte, little-endian: byte i of the value is port + i. */
static int io_bytewise(struct vdev_table *t, uint16_t port, unsigned int size, bool is_write, uint32_t *val)
{
	uint32_t out = 0;
	for (unsigned int i = 0; i < size; i++) {
		uint32_t b = (*val >> (8 * i)) & 0xff;
		int rc = byte_access(t, (uint32_t)port + i, is_write, &b);
		if (rc < 0)
			return rc;
		out |= (b & 0xff) << (8 * i);
	}
	if (!is_write)
		*val = out;
	return VDEV_HANDLED;
}

int vdev_io(struct vdev_table *t, uint16_t port, unsigned int size, bool is_write, uint32_t *val)
{
	if (size != 1 && size != 2 && size != 4)
		return -HV_EINVAL;
	struct vdev_io_range *first = find(t, port);
	if (takes_whole(first, port, size)) {
		int rc = dev_access(first, port, size, is_write, val);
		return rc < 0 ? rc : VDEV_HANDLED;
	}
	if (!any_byte_claimed(t, port, size))
		return VDEV_UNCLAIMED;
	return io_bytewise(t, port, size, is_write, val);
}
