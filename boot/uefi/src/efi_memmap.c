/* SPDX-License-Identifier: BSD-3-Clause */
#include "efi_memmap.h"

#include <efilib.h>

#include "console.h"

EFI_STATUS efi_memmap_refresh(struct efi_memmap *m)
{
	m->size = m->capacity;
	return BS->GetMemoryMap(&m->size, m->buf, &m->key, &m->desc_size, &m->desc_version);
}

EFI_STATUS efi_memmap_get(struct efi_memmap *m, UINTN slack)
{
	EFI_STATUS st;

	m->buf = NULL;
	m->capacity = 0;
	for (int tries = 0; tries < 4; tries++) {
		st = efi_memmap_refresh(m);
		if (st != EFI_BUFFER_TOO_SMALL)
			return st;
		if (m->buf)
			BS->FreePool(m->buf);
		/* The pool allocation itself can add descriptors: leave room. */
		m->capacity = m->size + slack * m->desc_size;
		st = BS->AllocatePool(EfiLoaderData, m->capacity, &m->buf);
		if (EFI_ERROR(st)) {
			m->buf = NULL;
			return st;
		}
	}
	return EFI_BUFFER_TOO_SMALL;
}

void efi_memmap_free(struct efi_memmap *m)
{
	if (m->buf)
		BS->FreePool(m->buf);
	m->buf = NULL;
}

static const CHAR16 *type_name(UINT32 type)
{
	static const CHAR16 *const names[] = {
		L"Reserved", L"LoaderCode", L"LoaderData", L"BootServicesCode", L"BootServicesData",
		L"RuntimeServicesCode", L"RuntimeServicesData", L"Conventional", L"Unusable",
		L"ACPIReclaim", L"ACPINVS", L"MMIO", L"MMIOPortSpace", L"PalCode", L"Persistent",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : L"other";
}

/* One descriptor against [base, end): adds the bytes it covers to *covered; 1 if it is not conventional
 * memory (then named when print_owners), 0 otherwise or when it lies outside. */
static int account_descriptor(const EFI_MEMORY_DESCRIPTOR *d, UINT64 base, UINT64 end, int print_owners,
			      UINT64 *covered)
{
	UINT64 d_end = d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE;
	if (d_end <= base || d->PhysicalStart >= end)
		return 0;
	UINT64 lo = d->PhysicalStart > base ? d->PhysicalStart : base;
	UINT64 hi = d_end < end ? d_end : end;
	*covered += hi - lo;
	if (d->Type == EfiConventionalMemory)
		return 0;
	if (print_owners)
		efi_log(L"  0x%lx-0x%lx is %s\n", d->PhysicalStart, d_end, type_name(d->Type));
	return 1;
}

const CHAR16 *efi_explain_range(UINT64 base, UINT64 end, int print_owners)
{
	struct efi_memmap m;
	UINT64 covered = 0;
	int in_use = 0;

	if (EFI_ERROR(efi_memmap_get(&m, 8)))
		return L"memory in use or not RAM";
	for (UINTN off = 0; off + m.desc_size <= m.size; off += m.desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)((UINT8 *)m.buf + off);
		in_use |= account_descriptor(d, base, end, print_owners, &covered);
	}
	efi_memmap_free(&m);
	if (in_use)
		return L"memory in use";
	return covered < end - base ? L"not RAM" : L"memory in use";
}
