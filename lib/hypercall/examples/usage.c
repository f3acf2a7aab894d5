/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/hypercall: one VMCALL decoded and checked before any handler runs. */
#include <hypercall/hypercall.h>
#include <stdio.h>

/* The caller's RAM: none here (the calls below pass no structure). */
static int no_ram(void *ctx, uint64_t gpa, size_t len)
{
	(void)ctx, (void)gpa, (void)len;
	return -HVKIT_EFAULT;
}

static int no_read(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	(void)dst;
	return no_ram(ctx, gpa, len);
}

static int no_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	(void)src;
	return no_ram(ctx, gpa, len);
}

static void vmcall(const char *who, uint8_t kind, uint64_t nr, uint64_t rdi)
{
	const struct hc_guest guest = { .read = no_read, .write = no_write, .check = no_ram };
	const struct hc_call call = { .nr = nr, .arg = { rdi, 0, 0 }, .cpl = 0, .caller_kind = kind };
	struct hc_request req;
	int rc = hc_decode(&call, &guest, &req);
	if (rc == 0)
		printf("%s: %s(%llu) accepted for its handler\n", who, req.desc->name, (unsigned long long)req.arg[0]);
	else
		printf("%s: call 0x%llx refused with %d\n", who, (unsigned long long)nr, rc);
}

int main(void)
{
	vmcall("Service VM", HC_KIND_SERVICE, HVKIT_HC_VM_START, 2);
	vmcall("post-launched VM", HC_KIND_POST_LAUNCHED, HVKIT_HC_VM_START, 2); /* not its call to make */
	vmcall("Service VM", HC_KIND_SERVICE, HVKIT_HC_VM_START, 99);           /* no such VM id */
	return 0;
}
