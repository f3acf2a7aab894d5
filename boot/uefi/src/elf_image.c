/* SPDX-License-Identifier: BSD-3-Clause */
#include "elf_image.h"

#include <string.h>

/* The few ELF64 definitions this file needs (System V ABI, x86-64 supplement). */
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

enum {
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	ET_EXEC = 2,
	EM_X86_64 = 62,
	PT_LOAD = 1,
	PF_X = 1,
};

static int has_elf_magic(const struct elf64_ehdr *eh)
{
	return eh->e_ident[0] == 0x7f && eh->e_ident[1] == 'E' && eh->e_ident[2] == 'L' && eh->e_ident[3] == 'F';
}

/* e_ident, e_machine and e_type: a 64-bit little-endian x86-64 executable. */
static const char *check_ident(const struct elf64_ehdr *eh, size_t size)
{
	if (size < sizeof(*eh) || !has_elf_magic(eh))
		return "not an ELF file";
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB)
		return "not a 64-bit little-endian ELF";
	if (eh->e_machine != EM_X86_64)
		return "not an x86-64 ELF";
	if (eh->e_type != ET_EXEC)
		return "not an executable ELF (e_type is not ET_EXEC)";
	return NULL;
}

static const char *check_header(const struct elf64_ehdr *eh, size_t size)
{
	const char *err = check_ident(eh, size);
	if (err)
		return err;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0)
		return "no usable program headers";
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		return "program headers lie outside the file";
	return NULL;
}

/* A PT_LOAD segment the loader can place: identity-linked, its file bytes in the file, below 4 GiB. */
static const char *check_segment(const struct elf64_phdr *ph, size_t size)
{
	if (ph->p_paddr != ph->p_vaddr)
		return "a PT_LOAD segment has p_paddr != p_vaddr (must be linked at its physical address)";
	if (ph->p_filesz > ph->p_memsz)
		return "a PT_LOAD segment has p_filesz > p_memsz";
	if (ph->p_offset > size || size - ph->p_offset < ph->p_filesz)
		return "a PT_LOAD segment's bytes lie outside the file";
	if (ph->p_paddr >= HV_LOW_LIMIT || HV_LOW_LIMIT - ph->p_paddr < ph->p_memsz)
		return "a PT_LOAD segment lies above 4 GiB";
	return NULL;
}

static const char *add_segment(struct hv_elf_plan *plan, const struct elf64_phdr *ph, size_t size)
{
	if (ph->p_memsz == 0)
		return NULL;
	if (plan->seg_count == HV_ELF_MAX_SEGMENTS)
		return "too many PT_LOAD segments";
	const char *err = check_segment(ph, size);
	if (err)
		return err;

	/* Insertion keeps seg[] sorted by address. */
	size_t i = plan->seg_count++;
	while (i > 0 && plan->seg[i - 1].paddr > ph->p_paddr) {
		plan->seg[i] = plan->seg[i - 1];
		i--;
	}
	plan->seg[i] = (struct hv_segment){
		.paddr = ph->p_paddr, .memsz = ph->p_memsz, .offset = ph->p_offset, .filesz = ph->p_filesz,
	};
	return NULL;
}

static int holds_entry(const struct elf64_phdr *ph, uint64_t entry)
{
	return ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && entry >= ph->p_vaddr && entry - ph->p_vaddr < ph->p_memsz;
}

/* Segments may share a page but not a byte: page runs are their merged page ranges. */
static void plan_runs(struct hv_elf_plan *plan)
{
	for (size_t i = 0; i < plan->seg_count; i++) {
		uint64_t first = plan->seg[i].paddr & ~(HV_PAGE_SIZE - 1);
		uint64_t end = (plan->seg[i].paddr + plan->seg[i].memsz + HV_PAGE_SIZE - 1) & ~(HV_PAGE_SIZE - 1);
		struct hv_page_run *last = plan->run_count ? &plan->run[plan->run_count - 1] : NULL;

		if (last && first <= last->base + last->pages * HV_PAGE_SIZE) {
			uint64_t last_end = last->base + last->pages * HV_PAGE_SIZE;
			if (end > last_end)
				last->pages = (end - last->base) / HV_PAGE_SIZE;
		} else {
			plan->run[plan->run_count++] = (struct hv_page_run){first, (end - first) / HV_PAGE_SIZE};
		}
	}
}

/* The PT_LOAD segments, sorted; *entry_found when an executable one holds e_entry. */
static const char *collect_segments(const void *image, size_t size, const struct elf64_ehdr *eh,
				    struct hv_elf_plan *plan, int *entry_found)
{
	const uint8_t *ph = (const uint8_t *)image + eh->e_phoff;
	for (size_t i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr p;
		memcpy(&p, ph + i * sizeof(p), sizeof(p));
		*entry_found |= holds_entry(&p, eh->e_entry);
		if (p.p_type != PT_LOAD)
			continue;
		const char *err = add_segment(plan, &p, size);
		if (err)
			return err;
	}
	return plan->seg_count == 0 ? "no PT_LOAD segment" : NULL;
}

/* Sorted segments must not share a byte; the first overlapping pair is named in bad_a, bad_b. */
static const char *check_overlap(struct hv_elf_plan *plan)
{
	for (size_t i = 1; i < plan->seg_count; i++) {
		if (plan->seg[i].paddr < plan->seg[i - 1].paddr + plan->seg[i - 1].memsz) {
			plan->bad_a = (int)i - 1;
			plan->bad_b = (int)i;
			return "PT_LOAD segments overlap";
		}
	}
	return NULL;
}

const char *hv_elf_plan(const void *image, size_t size, struct hv_elf_plan *plan)
{
	struct elf64_ehdr eh;
	int entry_found = 0;

	memset(plan, 0, sizeof(*plan));
	plan->bad_a = plan->bad_b = -1;
	if (size < sizeof(eh))
		return "not an ELF file (too short)";
	memcpy(&eh, image, sizeof(eh));
	const char *err = check_header(&eh, size);
	if (!err)
		err = collect_segments(image, size, &eh, plan, &entry_found);
	if (!err)
		err = check_overlap(plan);
	if (err)
		return err;
	if (!entry_found)
		return "the entry point is not inside an executable PT_LOAD segment";
	plan->entry = eh.e_entry;
	plan_runs(plan);
	return NULL;
}
