/* SPDX-License-Identifier: BSD-3-Clause */
/* hvexit: the Linux test guest's tiny helper, a freestanding static x86-64 ELF (no libc: raw system calls).
 *
 *   hvexit tsc [LABEL]   print "linux.init_tsc: N" (or "LABEL: N"; RDTSC; Bochs's TSC counts emulated instructions)
 *   hvexit exit [CODE]   end the machine from user space: wait until the console (standard output) has sent
 *                        what is queued for it (tcdrain: a UART the kernel runs from a timer, without an
 *                        interrupt, as in hvkit's lapic_pt image, still holds the last lines), wait one more
 *                        second (what the polled port is still sending), then write CODE (default 0) to the
 *                        debug-exit port 0xf4
 *                        (hvkit's virtual debug-exit device; QEMU's isa-debug-exit), then the bytes "Shutdown"
 *                        to port 0x8900 (Bochs's shutdown port, used when running natively). Returns 1 only if
 *                        the machine is still running afterwards.
 *
 * Port access uses ioperm(2) (CONFIG_X86_IOPL_IOPERM=y in Debian's kernel), so /init must run it as root.
 * Built by tests/linux/build.sh with: cc -Os -static -nostdlib -ffreestanding -fno-pie -no-pie ...
 */

#define SYS_write 1
#define SYS_ioctl 16
#define SYS_nanosleep 35
#define SYS_ioperm 173
#define SYS_exit_group 231

#define TCSBRK 0x5409 /* with a non-zero argument: tcdrain(), no break */
#define DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

static long sys3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

static unsigned long slen(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	sys3(SYS_write, 1, (long)s, (long)slen(s));
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void put_u64(unsigned long long v)
{
	char buf[24];
	int i = sizeof(buf) - 1;
	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(&buf[i]);
}

static unsigned long parse_u(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

static int do_exit(unsigned long code)
{
	static const char msg[] = "Shutdown";

	/* tcdrain is not always enough on a UART the kernel polls from a timer (lapic_pt: `irq = 0`): in runs that
	 * lost the last lines, the other vCPU was still writing to the vUART's THR when the debug-exit write below
	 * stopped the VM. One more second lets it finish. */
	static const long settle[2] = { 1, 0 };

	sys3(SYS_ioctl, 1, TCSBRK, 1);
	sys3(SYS_nanosleep, (long)settle, 0, 0);
	if (sys3(SYS_ioperm, DEBUG_EXIT_PORT, 4, 1) == 0)
		__asm__ volatile("outl %0, %1" : : "a"((unsigned int)code), "Nd"((unsigned short)DEBUG_EXIT_PORT));
	else
		put("hvexit: ioperm(0xf4) failed\n");
	if (sys3(SYS_ioperm, BOCHS_SHUTDOWN_PORT, 1, 1) == 0) {
		for (unsigned long i = 0; i < sizeof(msg) - 1; i++)
			__asm__ volatile("outb %0, %1" : : "a"(msg[i]), "d"((unsigned short)BOCHS_SHUTDOWN_PORT));
	} else {
		put("hvexit: ioperm(0x8900) failed\n");
	}
	put("hvexit: the machine is still running\n");
	return 1;
}

static int hvexit_main(long argc, char **argv)
{
	if (argc >= 2 && streq(argv[1], "tsc")) {
		unsigned int lo, hi;
		__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
		put(argc >= 3 ? argv[2] : "linux.init_tsc");
		put(": ");
		put_u64(((unsigned long long)hi << 32) | lo);
		put("\n");
		return 0;
	}
	if (argc >= 2 && streq(argv[1], "exit"))
		return do_exit(argc >= 3 ? parse_u(argv[2]) : 0);
	put("usage: hvexit tsc [LABEL] | exit [CODE]\n");
	return 2;
}

/* The kernel enters here with argc at (%rsp) and argv right above it. */
void hvexit_start(long *sp) __attribute__((noreturn, used));
void hvexit_start(long *sp)
{
	int r = hvexit_main(sp[0], (char **)(sp + 1));
	for (;;)
		sys3(SYS_exit_group, r, 0, 0);
}

__asm__(".globl _start\n"
	"_start:\n"
	"	xor %rbp, %rbp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call hvexit_start\n"
	"	hlt\n");
