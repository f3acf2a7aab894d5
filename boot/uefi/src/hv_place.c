/* SPDX-License-Identifier: BSD-3-Clause */
#include "hv_place.h"

#include <efilib.h>

#include "console.h"
#include "efi_memmap.h"

static struct hv_copy_job jobs[HV_ELF_MAX_SEGMENTS];
static UINTN job_count;

/* Zeroes the run's pages at `dst` and copies in the segment bytes that fall in it. */
static void build_run(const struct hv_elf_plan *plan, const struct hv_page_run *run, const void *elf, UINT8 *dst)
{
	UINT64 end = run->base + run->pages * HV_PAGE_SIZE;

	SetMem(dst, run->pages * HV_PAGE_SIZE, 0);
	for (size_t i = 0; i < plan->seg_count; i++) {
		const struct hv_segment *s = &plan->seg[i];
		if (s->paddr >= run->base && s->paddr < end)
			CopyMem(dst + (s->paddr - run->base), (const UINT8 *)elf + s->offset, s->filesz);
	}
}

static EFI_STATUS plan_failed(const struct hv_elf_plan *plan, const char *why)
{
	if (plan->bad_a >= 0) {
		const struct hv_segment *a = &plan->seg[plan->bad_a], *b = &plan->seg[plan->bad_b];
		return efi_fail(EFI_LOAD_ERROR, L"bad hypervisor ELF: %a: 0x%lx-0x%lx and 0x%lx-0x%lx", why, a->paddr,
				a->paddr + a->memsz, b->paddr, b->paddr + b->memsz);
	}
	return efi_fail(EFI_LOAD_ERROR, L"bad hypervisor ELF: %a", why);
}

static int freed_by_exit_boot_services(UINT32 type)
{
	return type == EfiConventionalMemory || type == EfiBootServicesCode || type == EfiBootServicesData;
}

static int overlaps(const EFI_MEMORY_DESCRIPTOR *d, UINT64 base, UINT64 end)
{
	UINT64 d_end = d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE;
	return d_end > base && d->PhysicalStart < end;
}

static UINT64 overlap_bytes(const EFI_MEMORY_DESCRIPTOR *d, UINT64 base, UINT64 end)
{
	UINT64 d_end = d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE;
	return (d_end < end ? d_end : end) - (d->PhysicalStart > base ? d->PhysicalStart : base);
}

/* How much of [base, end) the memory map covers, and whether any of it stays in use after ExitBootServices. */
static EFI_STATUS run_scan(UINT64 base, UINT64 end, UINT64 *covered, int *refuse)
{
	struct efi_memmap m;
	EFI_STATUS st = efi_memmap_get(&m, 8);
	if (EFI_ERROR(st))
		return efi_fail(st, L"cannot read the memory map");
	for (UINTN off = 0; off + m.desc_size <= m.size; off += m.desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)((UINT8 *)m.buf + off);
		if (!overlaps(d, base, end))
			continue;
		*covered += overlap_bytes(d, base, end);
		*refuse |= !freed_by_exit_boot_services(d->Type);
	}
	efi_memmap_free(&m);
	return EFI_SUCCESS;
}

/*
 * A run firmware is using: it must be RAM that ExitBootServices frees. Its
 * Conventional parts are allocated now so nothing of ours lands there later.
 */
static EFI_STATUS defer_run(const struct hv_page_run *run)
{
	UINT64 base = run->base, end = base + run->pages * HV_PAGE_SIZE, covered = 0;
	int refuse = 0;
	EFI_STATUS st = run_scan(base, end, &covered, &refuse);

	if (EFI_ERROR(st))
		return st;
	if (refuse || covered < end - base) {
		efi_fail(EFI_NOT_FOUND, L"cannot place the hypervisor at 0x%lx-0x%lx: %s", base, end,
			 efi_explain_range(base, end, 0));
		efi_explain_range(base, end, 1);
		return EFI_NOT_FOUND;
	}
	/* Fence the free pages in the run, page by page (their layout may have changed). */
	for (UINT64 a = base; a < end; a += HV_PAGE_SIZE) {
		EFI_PHYSICAL_ADDRESS p = a;
		BS->AllocatePages(AllocateAddress, EfiLoaderData, 1, &p);
	}
	return EFI_SUCCESS;
}

static EFI_STATUS place_run(const struct hv_elf_plan *plan, const struct hv_page_run *run, const void *elf)
{
	EFI_PHYSICAL_ADDRESS addr = run->base;
	UINT64 end = run->base + run->pages * HV_PAGE_SIZE;

	if (!EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiLoaderData, run->pages, &addr))) {
		build_run(plan, run, elf, (UINT8 *)(UINTN)run->base);
		efi_log(L"image 0x%lx-0x%lx placed\n", run->base, end);
		return EFI_SUCCESS;
	}
	EFI_STATUS st = defer_run(run);
	if (EFI_ERROR(st))
		return st;
	EFI_PHYSICAL_ADDRESS staging = 0xffffffffull;
	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, run->pages, &staging);
	if (EFI_ERROR(st))
		return efi_fail(st, L"no memory below 4 GiB to stage the hypervisor's 0x%lx-0x%lx", run->base, end);
	build_run(plan, run, elf, (UINT8 *)(UINTN)staging);
	jobs[job_count++] = (struct hv_copy_job){run->base, staging, run->pages * HV_PAGE_SIZE};
	efi_log(L"image 0x%lx-0x%lx is firmware boot-services memory now: staged at 0x%lx, copied after "
		L"ExitBootServices\n",
		run->base, end, staging);
	return EFI_SUCCESS;
}

EFI_STATUS hv_place(const void *elf, UINTN size, struct hv_elf_plan *plan)
{
	const char *why = hv_elf_plan(elf, size, plan);
	if (why)
		return plan_failed(plan, why);

	job_count = 0;
	for (size_t i = 0; i < plan->seg_count; i++) {
		const struct hv_segment *s = &plan->seg[i];
		efi_log(L"segment 0x%lx-0x%lx: 0x%lx bytes from the file, 0x%lx zeroed\n", s->paddr, s->paddr + s->memsz,
			s->filesz, s->memsz - s->filesz);
	}
	for (size_t i = 0; i < plan->run_count; i++) {
		EFI_STATUS st = place_run(plan, &plan->run[i], elf);
		if (EFI_ERROR(st))
			return st; /* what was allocated stays LoaderData: harmless, and we are failing */
	}
	for (UINTN j = 0; j < job_count; j++) {
		EFI_STATUS st = hv_check_clear(L"the staging buffer", jobs[j].src, jobs[j].bytes);
		if (EFI_ERROR(st))
			return st;
	}
	return EFI_SUCCESS;
}

UINTN hv_deferred_jobs(const struct hv_copy_job **out)
{
	*out = jobs;
	return job_count;
}

EFI_STATUS hv_check_clear(const CHAR16 *what, UINT64 base, UINT64 bytes)
{
	for (UINTN j = 0; j < job_count; j++) {
		if (base < jobs[j].dst + jobs[j].bytes && jobs[j].dst < base + bytes)
			return efi_fail(EFI_OUT_OF_RESOURCES,
					L"%s at 0x%lx-0x%lx lies where the hypervisor goes (0x%lx-0x%lx)", what, base,
					base + bytes, jobs[j].dst, jobs[j].dst + jobs[j].bytes);
	}
	return EFI_SUCCESS;
}
