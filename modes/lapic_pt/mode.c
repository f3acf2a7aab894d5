/* The lapic_pt mode: partition mode with each VM owning its physical x2APIC; only ICR writes are filtered. */
#include <core/console.h>
#include <core/mode.h>

const char hv_mode_name[] = "lapic_pt";

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	(void)bi;
	(void)sc;
	hv_info("lapic_pt mode: no VM support linked in yet");
}

void (*const mode_ap_loop)(void) = NULL;
