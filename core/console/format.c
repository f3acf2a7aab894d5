/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small vsnprintf for the image: what its log lines use (%s %d %u %x %p %% with l, ll and z, a width and the
 * '0' flag), no floating point. No format string in the image uses %c, %i, %X or the '-' flag: they print as
 * an unknown conversion does (themselves).
 */
#include <core/console.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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

/* Right-justified in the width, padded with `pad`. */
static void put_padded(struct out *o, const char *s, size_t n, int width, char pad)
{
	for (int fill = width - (int)n; fill > 0; fill--)
		put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

static void put_number(struct out *o, uint64_t v, bool negative, unsigned int base, int width, char pad)
{
	char tmp[24];
	size_t n = sizeof(tmp);
	do {
		tmp[--n] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative && pad == '0') {
		put(o, '-');
		width--;
	} else if (negative) {
		tmp[--n] = '-';
	}
	put_padded(o, tmp + n, sizeof(tmp) - n, width, pad);
}

/* One conversion specification: the '0' flag, width, length modifiers (l and z counted alike), the letter. */
struct spec {
	char pad;
	int width;
	int longs;
	char conv;
};

/* Parse the specification after a '%'; returns where its conversion letter is. */
static const char *parse_spec(const char *p, struct spec *sp)
{
	*sp = (struct spec){ .pad = *p == '0' ? '0' : ' ' };
	while (*p >= '0' && *p <= '9')
		sp->width = sp->width * 10 + (*p++ - '0');
	for (; *p == 'l' || *p == 'z'; p++)
		sp->longs++;
	sp->conv = *p;
	return p;
}

typedef void (*conv_fn)(struct out *o, const struct spec *sp, va_list *ap);

static void conv_signed(struct out *o, const struct spec *sp, va_list *ap)
{
	int64_t v = sp->longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	put_number(o, mag, v < 0, 10, sp->width, sp->pad);
}

static void conv_unsigned(struct out *o, const struct spec *sp, va_list *ap)
{
	uint64_t v = sp->longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
	put_number(o, v, false, sp->conv == 'u' ? 10 : 16, sp->width, sp->pad);
}

static void conv_pointer(struct out *o, const struct spec *sp, va_list *ap)
{
	put(o, '0');
	put(o, 'x');
	put_number(o, (uint64_t)(uintptr_t)va_arg(*ap, void *), false, 16, sp->width, sp->pad);
}

static void conv_string(struct out *o, const struct spec *sp, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	if (s == NULL)
		s = "(null)";
	put_padded(o, s, strlen(s), sp->width, ' ');
}

/* "%%" prints '%'; an unknown conversion prints itself. */
static void conv_other(struct out *o, const struct spec *sp, va_list *ap)
{
	(void)ap;
	put(o, '%');
	if (sp->conv != '%')
		put(o, sp->conv);
}

static const conv_fn convs[128] = {
	['d'] = conv_signed, ['u'] = conv_unsigned, ['x'] = conv_unsigned, ['p'] = conv_pointer, ['s'] = conv_string,
};

static conv_fn conv_of(char c)
{
	conv_fn fn = (unsigned char)c < 128 ? convs[(unsigned char)c] : NULL;
	return fn ? fn : conv_other;
}

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;
	va_copy(args, ap); /* handed on by address: the conversions take their arguments from it */
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		struct spec sp;
		p = parse_spec(p + 1, &sp);
		if (*p == '\0')
			break; /* a lone '%' at the end prints nothing */
		conv_of(*p)(&o, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
