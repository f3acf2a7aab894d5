/* SPDX-License-Identifier: BSD-3-Clause */
/* At most `burst` log lines per TSC window; the rest are counted. */
#include <ratelimit/ratelimit.h>

void ratelimit_init(struct ratelimit *rl, uint32_t burst, uint32_t window_ms)
{
	uint64_t hz = plat_tsc_hz();

	*rl = (struct ratelimit){ .burst = burst };
	/* hz * ms / 1000 without overflowing for any 32-bit ms. */
	rl->window_tsc = (hz / 1000) * window_ms + (hz % 1000) * window_ms / 1000;
	rl->window_start = plat_tsc() - rl->window_tsc; /* the first call opens a window */
}

bool ratelimit_allow(struct ratelimit *rl, uint32_t *suppressed)
{
	uint64_t now = plat_tsc();
	bool allow;

	plat_lock(&rl->lock);
	/* Unsigned difference: a TSC behind window_start (another CPU's) opens a window too. */
	if (now - rl->window_start >= rl->window_tsc) {
		rl->window_start = now;
		rl->used = 0;
	}
	allow = rl->used < rl->burst;
	if (allow) {
		rl->used++;
		if (suppressed != NULL)
			*suppressed = rl->pending;
		rl->pending = 0;
	} else {
		if (rl->pending != UINT32_MAX)
			rl->pending++;
		rl->suppressed_total++;
	}
	plat_unlock(&rl->lock);
	return allow;
}
