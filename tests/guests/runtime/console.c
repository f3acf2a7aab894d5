/* SPDX-License-Identifier: BSD-3-Clause */
/* Serial console (16550 at 0x3f8, polled) and a small printf. */
#include "internal.h"

#define COM1 0x3f8u
#define UART_THR 0u
#define UART_IER 1u
#define UART_FCR 2u
#define UART_LCR 3u
#define UART_MCR 4u
#define UART_LSR 5u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u

static spinlock_t console_lock;

void serial_init(void)
{
	/*
	 * 8N1 (the reset state is 5-bit words), no interrupts, FIFOs on. The divisor is left as firmware or the
	 * emulator set it: with the divisor latch selected (LCR.DLAB), port 0x3f8 is DLL, and a vUART that does
	 * not model DLAB would print the divisor byte.
	 */
	outb(COM1 + UART_LCR, 0x03);
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_FCR, 0x07);
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

void serial_putc(char c)
{
	/* Bounded wait: a UART that never reports ready must not hang the guest. */
	for (unsigned i = 0; i < 1000000u; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_THR, (uint8_t)c);
}

void serial_flush(void)
{
	/* Wait until the transmitter is empty, so that an emulator stopped right after sees every byte. */
	for (unsigned i = 0; i < 1000000u; i++) {
		if (inb(COM1 + UART_LSR) & LSR_TEMT)
			break;
		cpu_relax();
	}
}

/* ---- formatting ---- */

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;
	if (!left) {
		/* zero padding goes after a sign */
		if (pad == '0' && n > 0 && s[0] == '-') {
			put(o, '-');
			s++;
			n--;
		}
		while (fill-- > 0)
			put(o, pad);
	}
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	char tmp[24];

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		bool left = false;
		char pad = ' ';
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (*p++ - '0');
		int lng = 0;
		while (*p == 'l') {
			lng++;
			p++;
		}
		if (*p == 'z') {
			lng = 2;
			p++;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			size_t n = 0;
			do {
				tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			if (v < 0)
				tmp[sizeof(tmp) - 1 - n++] = '-';
			put_padded(&o, tmp + sizeof(tmp) - n, n, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'p': {
			uint64_t u;
			unsigned base = *p == 'u' ? 10 : 16;
			const char *digits = *p == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			if (*p == 'p') {
				u = (uint64_t)(uintptr_t)va_arg(ap, void *);
				put(&o, '0');
				put(&o, 'x');
			} else {
				u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			}
			size_t n = 0;
			do {
				tmp[sizeof(tmp) - 1 - n++] = digits[u % base];
				u /= base;
			} while (u);
			put_padded(&o, tmp + sizeof(tmp) - n, n, width, left, pad);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(&o, s, strlen(s), width, left, ' ');
			break;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(&o, tmp, 1, width, left, ' ');
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			p--;
			break;
		default:
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}

int gsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = gvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int gvprintf(const char *fmt, va_list ap)
{
	char line[512];
	int n = gvsnprintf(line, sizeof(line), fmt, ap);
	spin_lock(&console_lock);
	for (const char *s = line; *s; s++)
		serial_putc(*s);
	spin_unlock(&console_lock);
	return n;
}

int gprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = gvprintf(fmt, ap);
	va_end(ap);
	return n;
}
