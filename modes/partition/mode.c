/* The partition mode: statically partitioned pre-launched VMs with dedicated CPUs, memory and devices. */
#include <core/console.h>
#include <core/mode.h>

const char hv_mode_name[] = "partition";

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	(void)bi;
	(void)sc;
	hv_info("partition mode: no VM support linked in yet");
}
