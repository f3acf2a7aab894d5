/* SPDX-License-Identifier: BSD-3-Clause */
/* scenario_load: the one entry the hypervisor calls; an invalid scenario comes back empty. */
#include <string.h>
#include <hvkit/errno.h>
#include <scenario/scenario.h>

int scenario_load(const void *fdt, size_t size, const struct scenario_platform *plat,
		  struct scenario *out, struct scenario_report *rep)
{
	int err = scenario_parse(fdt, size, out, rep);

	if (err == 0)
		err = scenario_validate(out, plat, rep);
	if (err != 0)
		memset(out, 0, sizeof(*out));
	return err;
}
