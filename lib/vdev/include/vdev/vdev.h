/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port-I/O virtual devices of one VM: a small table of claimed port ranges and
 * the dispatcher the core's I/O-instruction exit handler calls.
 *
 * An access is 1, 2 or 4 bytes at port..port+size-1. When one device's range
 * holds all of it and the device takes whole accesses, the device gets it as
 * is. Otherwise it is split into byte accesses, as the ISA bus splits a wide
 * access to 8-bit devices: each byte goes to the device that claims its port,
 * and bytes nobody claims read as 0xff and drop writes (logged once per port).
 * An access no byte of which is claimed is left to the core: VDEV_UNCLAIMED.
 */
#ifndef VDEV_VDEV_H
#define VDEV_VDEV_H

#include <stdbool.h>
#include <stdint.h>

#define VDEV_MAX_RANGES 16u
#define VDEV_PORTS 0x10000u
/* The CMOS RTC's index and data ports (vdev/rtc.h, vdev/rtc_host.h). */
#define VRTC_PORT 0x70u
#define VRTC_PORTS 2u

enum vdev_result {
	VDEV_UNCLAIMED = 0, /* no device: the core applies vdev_unclaimed() (or passes the port through) */
	VDEV_HANDLED = 1,
};

/* Handlers: size is 1, 2 or 4; a read stores its value in the low size bytes of *val. 0 or a negative HV_E*. */
typedef int (*vdev_read_fn)(void *dev, uint16_t port, unsigned int size, uint32_t *val);
typedef int (*vdev_write_fn)(void *dev, uint16_t port, unsigned int size, uint32_t val);

struct vdev_io_range {
	uint16_t base;
	uint16_t len;        /* ports base..base+len-1; 1..0x10000-base */
	bool byte_access;    /* the device has 8-bit registers: wider accesses reach it byte by byte */
	const char *name;    /* for messages */
	void *dev;
	vdev_read_fn read;   /* NULL: reads as all ones */
	vdev_write_fn write; /* NULL: writes ignored */
};

struct vdev_table {
	const char *vm_name;
	uint32_t count;
	struct vdev_io_range ranges[VDEV_MAX_RANGES];
	uint8_t logged[VDEV_PORTS / 8]; /* ports whose unclaimed access was logged */
	uint32_t logged_count;          /* lines logged for unclaimed ports (at most VDEV_UNCLAIMED_LOG_MAX) */
};

void vdev_table_init(struct vdev_table *t, const char *vm_name);

/*
 * Claim a range. 0; -HV_EINVAL (len 0, past port 0xffff); -HV_EBUSY (overlaps a
 * registered range, which is named in the log); -HV_ENOMEM (table full).
 */
int vdev_register(struct vdev_table *t, const struct vdev_io_range *r);

/*
 * Dispatch one access. Returns VDEV_HANDLED (a read's value in *val, masked to
 * size), VDEV_UNCLAIMED (nothing changed, *val untouched), -HV_EINVAL for a
 * size other than 1, 2 or 4, or a handler's error.
 */
int vdev_io(struct vdev_table *t, uint16_t port, unsigned int size, bool is_write, uint32_t *val);

/*
 * The default for an unclaimed access: a read gives all ones (size bytes of
 * 0xff), a write is dropped; the first unclaimed access to each port of this
 * VM is logged (PLAT_LOG_WARN), for the first VDEV_UNCLAIMED_LOG_MAX ports only: a
 * port sweep by the guest then says once that it is no longer logged.
 */
#define VDEV_UNCLAIMED_LOG_MAX 16u
void vdev_unclaimed(struct vdev_table *t, uint16_t port, unsigned int size, bool is_write, uint32_t *val);

#endif
