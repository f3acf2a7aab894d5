/* SPDX-License-Identifier: BSD-3-Clause */
#include "cmdline.h"

static int is_blank(uint16_t c)
{
	return c == ' ' || c == '\t';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ends_in_efi(const uint16_t *w, size_t n)
{
	static const char suffix[] = ".efi";
	if (n < 4)
		return 0;
	for (size_t i = 0; i < 4; i++) {
		if (lower(w[n - 4 + i]) != suffix[i])
			return 0;
	}
	return 1;
}

/* Printable ASCII, tabs and spaces only: anything else is binary load options, not a command line. */
static int all_text(const uint16_t *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_blank(opts[i]) && (opts[i] < 0x20 || opts[i] > 0x7e))
			return 0;
	}
	return 1;
}

static size_t skip_blanks(const uint16_t *opts, size_t i, size_t n)
{
	while (i < n && is_blank(opts[i]))
		i++;
	return i;
}

/* Where the text starts: past leading blanks and a first word naming the .efi image itself, if any. */
static size_t text_start(const uint16_t *opts, size_t n)
{
	size_t i = skip_blanks(opts, 0, n);
	size_t w = i;
	while (w < n && !is_blank(opts[w]))
		w++;
	if (ends_in_efi(opts + i, w - i))
		i = w;
	return skip_blanks(opts, i, n);
}

/* Where the text ends: before trailing blanks, not before i. */
static size_t text_end(const uint16_t *opts, size_t i, size_t n)
{
	while (n > i && is_blank(opts[n - 1]))
		n--;
	return n;
}

enum load_options_result load_options_to_cmdline(const uint16_t *opts, size_t bytes, char *out, size_t max)
{
	size_t n = 0, len = bytes / 2, o = 0;

	out[0] = '\0';
	while (n < len && opts[n] != 0)
		n++;
	if (!all_text(opts, n))
		return LOAD_OPTIONS_BINARY;

	size_t i = text_start(opts, n);
	n = text_end(opts, i, n);
	if (i == n)
		return LOAD_OPTIONS_NONE;
	if (n - i >= max)
		return LOAD_OPTIONS_TOO_LONG;
	for (; i < n; i++)
		out[o++] = (char)opts[i];
	out[o] = '\0';
	return LOAD_OPTIONS_TEXT;
}
