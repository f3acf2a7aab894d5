/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for hc_decode and hc_write_back. The input is one call and the caller's RAM:
 *
 *   byte  0       number: < 0xe0 picks table entry (byte % count), else the raw number below
 *   bytes 1..8    raw number (little endian)
 *   bytes 9..32   RDI, RSI, RDX (little endian)
 *   byte  33      CPL in bits 1:0; with bit 7 set, CPL is the whole byte
 *   byte  34      caller kind: % 4 picks pre-launched, service, post-launched or none (0)
 *   byte  35      bit i (0..2): argument i is base + its low 16 bits as a signed offset;
 *                 bit 3+i: argument i rounded down to 4 KiB; bit 6: RAM at the top of the
 *                 address space (its end is 2^64); bit 7: VM id (byte 33 bits 6:1) is protected
 *                 (hybrid mode's real-time VMs: a call naming it is refused)
 *   bytes 36..39  RAM base, in pages
 *   bytes 40..41  RAM size in bytes, % 0x3001
 *   bytes 42..    RAM contents, repeated to fill it (zeros when empty)
 *
 * The RAM is an exact-size heap buffer (ASan sees any overrun) behind hc_guest callbacks that abort
 * on anything the decoder must never do: read or check outside the call's structure or page
 * argument, more than once, with the wrong length, into anything but the request; write outside
 * hc_write_back, or there for a structure that is not out or in/out. A result is 0 or a negated
 * HVKIT_E* code, it is 0 exactly when an independent restatement of the rules (below, from the ABI
 * header and docs/hypercalls.md) accepts the call, and a refusal's code is one the rules give for
 * a reason the call has. A 0 result's request is checked field by field, and its write-back byte
 * by byte.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hypercall/hypercall.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define PAGE 4096u
#define HEADER 42u

enum phase { DECODE, WRITE_BACK };

struct ram {
	uint8_t *bytes;
	uint64_t base;
	size_t size;
	/* What the current call allows. */
	enum phase phase;
	const struct hc_desc *desc;
	uint64_t arg[3];
	const struct hc_request *req;
	unsigned int reads, writes, checks;
};

static bool in_ram(const struct ram *r, uint64_t gpa, size_t len)
{
	return gpa >= r->base && len <= r->size && gpa - r->base <= r->size - len;
}

static int arg_index(const struct hc_desc *d, enum hc_arg kind)
{
	for (int i = 0; i < 3; i++)
		if (d->arg[i] == kind)
			return i;
	return -1;
}

/* dst/src must be the request's structure, exactly. */
static void check_is_request_struct(const struct ram *r, const void *p, size_t len)
{
	CHECK(p == (const void *)&r->req->in);
	CHECK(len == hc_struct_size(r->desc->type) && len > 0 && len <= sizeof(r->req->in));
}

static int ram_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	struct ram *r = ctx;
	CHECK(r->phase == DECODE && r->desc != NULL && ++r->reads == 1);
	int i = arg_index(r->desc, HC_ARG_STRUCT);
	CHECK(i >= 0 && gpa == r->arg[i]);
	check_is_request_struct(r, dst, len);
	if (!in_ram(r, gpa, len))
		return -HVKIT_EFAULT;
	memcpy(dst, r->bytes + (gpa - r->base), len);
	return 0;
}

static int ram_check(void *ctx, uint64_t gpa, size_t len)
{
	struct ram *r = ctx;
	CHECK(r->phase == DECODE && r->desc != NULL && ++r->checks == 1);
	int i = arg_index(r->desc, HC_ARG_PAGE);
	CHECK(i >= 0 && gpa == r->arg[i] && (gpa & (PAGE - 1)) == 0 && len == PAGE);
	return in_ram(r, gpa, len) ? 0 : -HVKIT_EFAULT;
}

static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct ram *r = ctx;
	CHECK(r->phase == WRITE_BACK && ++r->writes == 1);
	CHECK(r->desc->type != HC_STRUCT_NONE && r->desc->type != HC_STRUCT_VCPU_STATE);
	CHECK(gpa == r->req->struct_gpa);
	check_is_request_struct(r, src, len);
	/* It came from there, so it fits there. */
	CHECK(in_ram(r, gpa, len));
	memcpy(r->bytes + (gpa - r->base), src, len);
	return 0;
}

/* ---- The rules, restated from the ABI, independently of hypercall_decode.c ---- */

#define CODE(e) (1u << (e))

static const struct hc_desc *find(uint64_t nr)
{
	size_t n;
	const struct hc_desc *t = hc_table(&n);
	for (size_t i = 0; i < n; i++)
		if ((uint64_t)t[i].nr == nr)
			return &t[i];
	return NULL;
}

/* The codes an argument earns (0: fine). */
static unsigned int register_codes(enum hc_arg kind, uint64_t v)
{
	switch (kind) {
	case HC_ARG_VM_ID:
		return v < 64 ? 0 : CODE(HVKIT_ENOENT);
	case HC_ARG_VCPU:
		return v < 64 ? 0 : CODE(HVKIT_ENOENT);
	case HC_ARG_PIN:
		return v < 24 ? 0 : CODE(HVKIT_EINVAL);
	case HC_ARG_IRQ_LEVEL:
		return v == HVKIT_IRQ_LOW || v == HVKIT_IRQ_HIGH || v == HVKIT_IRQ_PULSE ? 0 : CODE(HVKIT_EINVAL);
	case HC_ARG_MSI_ADDR:
		return v >= 0xfee00000u && v <= 0xfeefffffu && v % 4 == 0 ? 0 : CODE(HVKIT_EINVAL);
	case HC_ARG_MSI_DATA:
		return v < 0x10000 ? 0 : CODE(HVKIT_EINVAL);
	default:
		return 0;
	}
}

static bool name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len = 0;
	while (len < HVKIT_VM_NAME_MAX && s[len] != 0)
		len++;
	if (len < 1 || len > HVKIT_VM_NAME_MAX - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return false;
	for (size_t i = len; i < HVKIT_VM_NAME_MAX; i++)
		if (s[i] != 0)
			return false;
	return true;
}

static bool canonical48(uint64_t v)
{
	return v < (1ull << 47) || v >= ~((1ull << 47) - 1);
}

static unsigned int struct_codes(enum hc_struct type, const uint8_t *bytes)
{
	unsigned int codes = 0;
	switch (type) {
	case HC_STRUCT_VM_CREATE: {
		struct hvkit_vm_create c;
		memcpy(&c, bytes, sizeof(c));
		if (!name_ok(c.name) || c.vcpus < 1 || c.vcpus > 64)
			codes |= CODE(HVKIT_EINVAL);
		break;
	}
	case HC_STRUCT_VM_MEMORY: {
		struct hvkit_vm_memory m;
		memcpy(&m, bytes, sizeof(m));
		if (m.id >= 64)
			codes |= CODE(HVKIT_ENOENT);
		if (m.reserved != 0 || m.gpa % PAGE != 0 || m.size % PAGE != 0 || m.size == 0 ||
		    m.gpa > (1ull << 52) || m.size > (1ull << 52) - m.gpa)
			codes |= CODE(HVKIT_EINVAL);
		break;
	}
	case HC_STRUCT_VCPU_STATE: {
		struct hvkit_vcpu_state s;
		memcpy(&s, bytes, sizeof(s));
		if (s.id >= 64)
			codes |= CODE(HVKIT_ENOENT);
		if (s.vcpu != 0 || s.reserved != 0)
			codes |= CODE(HVKIT_EINVAL);
		if (s.mode == HVKIT_VCPU_MODE_PROTECTED32) {
			if (s.rip > 0xffffffffu || s.rsp > 0xffffffffu)
				codes |= CODE(HVKIT_EINVAL);
		} else if (s.mode == HVKIT_VCPU_MODE_LONG64) {
			if (!canonical48(s.rip) || !canonical48(s.rsp) || s.cr3 % PAGE != 0)
				codes |= CODE(HVKIT_EINVAL);
		} else {
			codes |= CODE(HVKIT_EINVAL);
		}
		break;
	}
	case HC_STRUCT_VM_STATUS: {
		struct hvkit_vm_status st;
		memcpy(&st, bytes, sizeof(st));
		if (st.id >= 64)
			codes |= CODE(HVKIT_ENOENT);
		break;
	}
	default:
		break;
	}
	return codes;
}

/* Does the structure (whose first field is the VM id, if it has one) name a protected VM? */
static bool struct_protected(enum hc_struct type, const uint8_t *bytes, uint64_t protected_vms)
{
	if (type != HC_STRUCT_VM_MEMORY && type != HC_STRUCT_VCPU_STATE && type != HC_STRUCT_VM_STATUS)
		return false;
	uint32_t id;
	memcpy(&id, bytes, sizeof(id));
	return id < 64 && (protected_vms >> id) & 1u;
}

/* The codes the call earns past the permission check (0: it is valid). */
static unsigned int call_codes(const struct hc_desc *d, const struct hc_call *c, const struct ram *r)
{
	unsigned int codes = 0;
	for (int i = 0; i < 3; i++) {
		codes |= register_codes(d->arg[i], c->arg[i]);
		if (d->arg[i] == HC_ARG_VM_ID && c->arg[i] < 64 && (c->protected_vms >> c->arg[i]) & 1u)
			codes |= CODE(HVKIT_EPERM);
		if (d->arg[i] == HC_ARG_PAGE && (c->arg[i] % PAGE != 0 || !in_ram(r, c->arg[i], PAGE)))
			codes |= CODE(HVKIT_EFAULT);
		if (d->arg[i] == HC_ARG_STRUCT) {
			size_t size = hc_struct_size(d->type);
			if (!in_ram(r, c->arg[i], size))
				codes |= CODE(HVKIT_EFAULT);
			else
				codes |= struct_codes(d->type, r->bytes + (c->arg[i] - r->base)) |
					 (struct_protected(d->type, r->bytes + (c->arg[i] - r->base), c->protected_vms)
						  ? CODE(HVKIT_EPERM)
						  : 0);
		}
	}
	return codes;
}

static bool is_hvkit_code(int rc)
{
	switch (-rc) {
	case HVKIT_EPERM: case HVKIT_ENOENT: case HVKIT_ENOMEM: case HVKIT_EFAULT: case HVKIT_EBUSY:
	case HVKIT_EEXIST: case HVKIT_EINVAL: case HVKIT_ERANGE: case HVKIT_ENOSYS:
		return true;
	default:
		return false;
	}
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t kinds[] = { HC_KIND_PRE_LAUNCHED, HC_KIND_SERVICE, HC_KIND_POST_LAUNCHED, 0 };
	if (size < HEADER)
		return 0;
	size_t count;
	const struct hc_desc *table = hc_table(&count);
	struct hc_call call;
	call.nr = data[0] < 0xe0 ? table[data[0] % count].nr : le64(data + 1);
	for (int i = 0; i < 3; i++)
		call.arg[i] = le64(data + 9 + 8 * i);
	call.cpl = data[33] & 0x80 ? data[33] : data[33] & 3u;
	call.caller_kind = kinds[data[34] % 4];
	uint8_t flags = data[35];
	call.protected_vms = flags & 0x80 ? 1ull << ((data[33] >> 1) & 63u) : 0;

	struct ram r;
	memset(&r, 0, sizeof(r));
	r.size = (size_t)(data[40] | data[41] << 8) % 0x3001;
	uint64_t pages = (uint64_t)(data[36] | data[37] << 8 | data[38] << 16 | (uint32_t)data[39] << 24);
	r.base = flags & 0x40 ? 0 - ((r.size + PAGE - 1) & ~(uint64_t)(PAGE - 1)) - (pages & 0xff) * PAGE
			      : pages * PAGE;
	r.bytes = malloc(r.size ? r.size : 1);
	CHECK(r.bytes != NULL);
	for (size_t i = 0; i < r.size; i++)
		r.bytes[i] = size > HEADER ? data[HEADER + i % (size - HEADER)] : 0;
	for (int i = 0; i < 3; i++) {
		if (flags & (1u << i))
			call.arg[i] = r.base + (uint64_t)(int64_t)(int16_t)(call.arg[i] & 0xffff);
		if (flags & (8u << i))
			call.arg[i] &= ~(uint64_t)(PAGE - 1);
	}
	uint8_t *before = malloc(r.size ? r.size : 1);
	CHECK(before != NULL);
	memcpy(before, r.bytes, r.size);

	struct hc_guest guest = { .ctx = &r, .read = ram_read, .write = ram_write, .check = ram_check };
	struct hc_request out;
	const struct hc_desc *d = find(call.nr);
	r.phase = DECODE;
	r.desc = d;
	memcpy(r.arg, call.arg, sizeof(r.arg));
	r.req = &out;
	memset(&out, 0xa5, sizeof(out));
	int rc = hc_decode(&call, &guest, &out);

	CHECK(rc == 0 || is_hvkit_code(rc));
	CHECK(r.writes == 0 && memcmp(before, r.bytes, r.size) == 0);
	if (d == NULL) {
		CHECK(rc == -HVKIT_ENOSYS && r.reads + r.checks == 0);
		goto done;
	}
	if (call.cpl != 0 || (d->kinds & call.caller_kind) == 0) {
		CHECK(rc == -HVKIT_EPERM && r.reads + r.checks == 0);
		goto done;
	}
	unsigned int codes = call_codes(d, &call, &r);
	if (codes == 0) {
		CHECK(rc == 0);
	} else {
		CHECK(rc < 0 && (codes & CODE(-rc)) != 0);
		goto done;
	}

	/* Accepted: the request, field by field. */
	CHECK(out.desc == d && !out.names_protected);
	CHECK(memcmp(out.arg, call.arg, sizeof(out.arg)) == 0);
	int s = arg_index(d, HC_ARG_STRUCT);
	size_t ssize = hc_struct_size(d->type);
	CHECK((s >= 0) == (ssize > 0) && r.reads == (s >= 0 ? 1u : 0u));
	CHECK(r.checks == (arg_index(d, HC_ARG_PAGE) >= 0 ? 1u : 0u));
	if (s >= 0) {
		CHECK(out.struct_gpa == call.arg[s]);
		CHECK(memcmp(&out.in, r.bytes + (out.struct_gpa - r.base), ssize) == 0);
	} else {
		CHECK(out.struct_gpa == 0);
	}
	for (size_t i = ssize; i < sizeof(out.in); i++)
		CHECK(((const uint8_t *)&out.in)[i] == 0);

	/* A handler's answer, then the write-back: exactly the structure's bytes, where it came from,
	 * for out and in/out structures; nothing otherwise. */
	for (size_t i = 0; i < ssize; i++)
		((uint8_t *)&out.in)[i] ^= (uint8_t)(0x5b + i);
	r.phase = WRITE_BACK;
	CHECK(hc_write_back(&out, &guest) == 0);
	if (ssize == 0 || d->type == HC_STRUCT_VCPU_STATE) {
		CHECK(r.writes == 0 && memcmp(before, r.bytes, r.size) == 0);
	} else {
		size_t at = (size_t)(out.struct_gpa - r.base);
		CHECK(r.writes == 1);
		CHECK(memcmp(r.bytes + at, &out.in, ssize) == 0);
		CHECK(memcmp(r.bytes, before, at) == 0);
		CHECK(memcmp(r.bytes + at + ssize, before + at + ssize, r.size - at - ssize) == 0);
	}
done:
	free(before);
	free(r.bytes);
	return 0;
}
