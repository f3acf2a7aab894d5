/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test "hypervisor" for the UEFI loader: reports the boot_info it received on
 * COM1 and port 0xE9, checks what it can, prints PASS or FAIL, then ends the run
 * (QEMU isa-debug-exit at 0xf4, Bochs "Shutdown" at 0x8900) or halts.
 */
#include <stddef.h>
#include <stdint.h>

#include <boot/boot_info.h>

#define IMAGE_BASE 0x01000000ull

static volatile uint8_t big_bss[256 * 1024]; /* must arrive zeroed */
static volatile uint32_t data_word = 0x5eed1234u;
static int failures;

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static void putc_(char c)
{
	for (int i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++)
		;
	outb(0x3f8, (uint8_t)c);
	outb(0xe9, (uint8_t)c);
}

static void puts_(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s++);
	}
}

static void hex(uint64_t v)
{
	puts_("0x");
	for (int s = 60; s >= 0; s -= 4)
		putc_("0123456789abcdef"[(v >> s) & 0xf]);
}

static void dec(uint64_t v)
{
	char buf[21];
	int i = 20;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_(&buf[i]);
}

static void check(int ok, const char *what)
{
	if (!ok) {
		failures++;
		puts_("hvtest: FAIL ");
		puts_(what);
		puts_("\n");
	}
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static uint32_t type_at(const struct boot_info *bi, uint64_t a)
{
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (a >= r->base && a - r->base < r->length)
			return r->type;
	}
	return 0;
}

static void report_memory(const struct boot_info *bi)
{
	uint64_t usable = 0;
	puts_("hvtest: mem_ranges=");
	dec(bi->mem_range_count);
	puts_("\n");
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		puts_("hvtest:   ");
		hex(r->base);
		puts_("-");
		hex(r->base + r->length);
		puts_(" type ");
		dec(r->type);
		puts_("\n");
		if (r->type == BOOT_MEM_USABLE)
			usable += r->length;
		check(i == 0 || r->base >= bi->mem_ranges[i - 1].base + bi->mem_ranges[i - 1].length,
		      "memory ranges sorted and disjoint");
		check(i == 0 || r->type != bi->mem_ranges[i - 1].type ||
			      r->base != bi->mem_ranges[i - 1].base + bi->mem_ranges[i - 1].length,
		      "adjacent equal ranges merged");
	}
	puts_("hvtest: usable_kib=");
	dec(usable / 1024);
	puts_("\n");
	check(usable > 0, "some usable memory");
	check(type_at(bi, IMAGE_BASE) == BOOT_MEM_RESERVED, "image is in reserved memory");
	check(type_at(bi, (uint64_t)(uintptr_t)bi) == BOOT_MEM_RESERVED, "boot_info is in reserved memory");
}

static void report_modules(const struct boot_info *bi)
{
	puts_("hvtest: modules=");
	dec(bi->module_count);
	puts_("\n");
	for (uint32_t i = 0; i < bi->module_count && i < BOOT_MAX_MODULES; i++) {
		const struct boot_module *m = &bi->modules[i];
		puts_("hvtest: module ");
		dec(i);
		puts_(" ");
		hex(m->start);
		puts_("-");
		hex(m->end);
		puts_(" name=\"");
		puts_(m->name);
		puts_("\" text=\"");
		for (uint64_t p = m->start; p < m->end && p < m->start + 40; p++) {
			char c = *(const volatile char *)(uintptr_t)p;
			putc_(c >= 0x20 && c < 0x7f ? c : '.');
		}
		puts_("\"\n");
		check(m->start < m->end || m->start == m->end, "module start <= end");
		check(m->end <= 0x100000000ull, "module below 4 GiB");
		check(m->start % 4096 == 0, "module page aligned");
		check(type_at(bi, m->start) == BOOT_MEM_RESERVED, "module in reserved memory");
	}
}

static void report_cpus(const struct boot_info *bi)
{
	puts_("hvtest: fw_cpu_count=");
	dec(bi->fw_cpu_count);
	puts_(" bsp_apic_id=");
	dec(bi->bsp_apic_id);
	puts_(" apic_ids=");
	for (uint32_t i = 0; i < bi->fw_cpu_count && i < BOOT_MAX_CPUS; i++) {
		if (i)
			putc_(',');
		dec(bi->fw_apic_ids[i]);
	}
	puts_("\n");
}

static void report_rsdp(const struct boot_info *bi)
{
	puts_("hvtest: acpi_rsdp=");
	hex(bi->acpi_rsdp);
	if (bi->acpi_rsdp) {
		const char *sig = (const char *)(uintptr_t)bi->acpi_rsdp;
		puts_(" signature=\"");
		for (int i = 0; i < 8; i++)
			putc_(sig[i]);
		puts_("\"");
		check(sig[0] == 'R' && sig[1] == 'S' && sig[2] == 'D' && sig[3] == ' ', "RSDP signature");
	}
	puts_("\n");
}

static void finish(void)
{
	puts_(failures ? "hvtest: FAIL\n" : "hvtest: PASS\n");
	outl(0xf4, failures ? 1 : 0x10);   /* QEMU: exit status 0x21 (PASS) or 3 (FAIL) */
	for (const char *s = "Shutdown"; *s; s++)  /* Bochs */
		outb(0x8900, (uint8_t)*s);
}

void hv_test_main(const struct boot_info *bi, uint64_t rflags)
{
	int bss_zero = 1;
	for (size_t i = 0; i < sizeof(big_bss); i++)
		bss_zero &= big_bss[i] == 0;

	puts_("\nhvtest: hv_entry64 reached, boot_info at ");
	hex((uint64_t)(uintptr_t)bi);
	puts_(" rflags ");
	hex(rflags);
	puts_("\n");
	check((rflags & 0x200) == 0, "interrupts off at entry");
	check((uint64_t)(uintptr_t)bi < 0x100000000ull, "boot_info below 4 GiB");
	check(bss_zero, ".bss zeroed");
	check(data_word == 0x5eed1234u, ".data copied");
	check(bi->magic == BOOT_INFO_MAGIC, "magic");
	puts_("hvtest: loader=\"");
	puts_(bi->loader);
	puts_("\" cmdline=\"");
	puts_(bi->cmdline);
	puts_("\"\n");
	check(streq(bi->loader, "uefi"), "loader is \"uefi\"");
	report_rsdp(bi);
	report_cpus(bi);
	report_modules(bi);
	report_memory(bi);
	finish();
}
