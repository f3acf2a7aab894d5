/* SPDX-License-Identifier: BSD-3-Clause */
/* Machine facts given on the command line or in a board description. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "tool.h"

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || *s == '\0' || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end == '\0' ? 0 : -1;
}

int tool_facts_cpus(struct tool_facts *f, const char *val)
{
	uint64_t n;

	if (parse_u64(val, &n) != 0 || n == 0 || n > SCENARIO_MAX_CPUS)
		return -1;
	f->plat.cpu_count = (uint32_t)n;
	return 0;
}

int tool_facts_modules(struct tool_facts *f, const char *list)
{
	char *save = NULL;

	free(f->module_text);
	f->module_text = strdup(list);
	f->plat.modules = f->modules;
	f->plat.module_count = 0;
	if (f->module_text == NULL)
		return -1;
	for (char *t = strtok_r(f->module_text, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		if (f->plat.module_count == TOOL_MAX_MODULES)
			return -1;
		f->modules[f->plat.module_count++] = t;
	}
	return 0;
}

int tool_facts_ram(struct tool_facts *f, const char *arg)
{
	char buf[64];
	char *colon;
	uint64_t base, size;

	if (strlen(arg) >= sizeof(buf) || f->plat.ram_count == TOOL_MAX_RAM)
		return -1;
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (parse_u64(buf, &base) != 0 || parse_u64(colon + 1, &size) != 0)
		return -1;
	f->ram[f->plat.ram_count++] = (struct scenario_range){ base, size };
	f->plat.ram = f->ram;
	return 0;
}
