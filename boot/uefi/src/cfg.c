/* SPDX-License-Identifier: BSD-3-Clause */
#include "cfg.h"

#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int same_word(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n; i++) {
		if (word[i] != s[i])
			return 0;
	}
	return word[i] == '\0';
}

/* Copies s[0..n) trimmed into out (max bytes incl. NUL); -1 if too long. */
static int copy_trimmed(const char *s, size_t n, char *out, size_t max)
{
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n >= max)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static const char *set_cmdline(const char *val, size_t vlen, struct hvkit_cfg *cfg)
{
	if (cfg->has_cmdline)
		return "cmdline= given twice";
	if (copy_trimmed(val, vlen, cfg->cmdline, sizeof(cfg->cmdline)) != 0)
		return "cmdline= is too long";
	cfg->has_cmdline = 1;
	return NULL;
}

static const char *add_module(const char *val, size_t vlen, struct hvkit_cfg *cfg)
{
	if (cfg->module_count == BOOT_MAX_MODULES)
		return "too many module= lines";
	char *name = cfg->module[cfg->module_count];
	if (copy_trimmed(val, vlen, name, BOOT_MODULE_NAME_MAX) != 0)
		return "module= value is too long";
	if (name[0] == '\0')
		return "module= names no file";
	cfg->module_count++;
	return NULL;
}

/* s[*k0..*k1): s[0..n) without leading and trailing blanks. */
static void trim_span(const char *s, size_t n, size_t *k0, size_t *k1)
{
	*k0 = 0;
	*k1 = n;
	while (*k0 < *k1 && is_space(s[*k0]))
		(*k0)++;
	while (*k1 > *k0 && is_space(s[*k1 - 1]))
		(*k1)--;
}

static const char *parse_line(const char *s, size_t n, struct hvkit_cfg *cfg)
{
	size_t eq = 0;
	while (eq < n && s[eq] != '=')
		eq++;
	if (eq == n)
		return "expected key=value";

	size_t k0, k1;
	trim_span(s, eq, &k0, &k1);
	const char *val = s + eq + 1;
	size_t vlen = n - eq - 1;

	if (same_word(s + k0, k1 - k0, "cmdline"))
		return set_cmdline(val, vlen, cfg);
	if (same_word(s + k0, k1 - k0, "module"))
		return add_module(val, vlen, cfg);
	return "unknown key (expected cmdline= or module=)";
}

static int has_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			return 1;
	return 0;
}

/* One line, s[0..n): blank lines and '#' comments are skipped. */
static const char *parse_text_line(const char *s, size_t n, struct hvkit_cfg *cfg)
{
	size_t first = 0;
	while (first < n && is_space(s[first]))
		first++;
	if (first == n || s[first] == '#')
		return NULL;
	if (has_nul(s + first, n - first))
		return "NUL byte in the file";
	return parse_line(s + first, n - first, cfg);
}

const char *hvkit_cfg_parse(const char *text, size_t len, struct hvkit_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	size_t pos = 0;
	unsigned line = 0;

	while (pos < len) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		line++;
		const char *err = parse_text_line(text + pos, end - pos, cfg);
		if (err) {
			cfg->error_line = line;
			return err;
		}
		pos = end + 1;
	}
	return NULL;
}

/* Append c to path[0..*o), keeping room for the NUL; -1 when full. */
static int path_put(char *path, size_t *o, size_t max, char c)
{
	if (*o + 1 >= max)
		return -1;
	path[(*o)++] = c;
	return 0;
}

static int is_absolute(const char *value, size_t n)
{
	return n != 0 && (value[0] == '/' || value[0] == '\\');
}

/* value[0..n) with '/' turned into the UEFI path separator '\\'. */
static int path_copy(char *path, size_t *o, size_t max, const char *value, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (path_put(path, o, max, value[i] == '/' ? '\\' : value[i]) != 0)
			return -1;
	}
	return 0;
}

int hvkit_cfg_module_path(const char *value, char *path, size_t max)
{
	size_t n = 0, o = 0;

	while (value[n] != '\0' && !is_space(value[n]))
		n++;
	if (max == 0)
		return -1;
	/* A relative name is taken from the volume's root. */
	if (!is_absolute(value, n) && path_put(path, &o, max, '\\') != 0)
		return -1;
	if (path_copy(path, &o, max, value, n) != 0)
		return -1;
	path[o] = '\0';
	return 0;
}
