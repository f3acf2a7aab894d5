/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * service: a freestanding test guest that acts as share mode's Service VM, so that share mode can be proven
 * without Linux. It runs at CPL 0 in the Service VM's identity-mapped RAM (linked at 16 MiB), talks to the
 * hypervisor with VMCALL (include/hvkit/abi/hypercall.h), carries the user guests as embedded flat binaries
 * and serves their port I/O from ioreq slots (dm.c). Its command line (the scenario's bootargs) picks one
 * test:
 *   test=basic     the basic guest as post-launched VM user1 (2 vCPUs), its result through the device model,
 *                  then destroyed; then the smp guest in the same slot (its second vCPU started by INIT-SIPI-SIPI,
 *                  printing through its own ioreq slot); then share_user run=irq in it: a vIOAPIC pin
 *                  (HVKIT_HC_INJECT_IRQ) and an MSI (HVKIT_HC_INJECT_MSI) raised by the device model
 *   test=cycles    n=N (20) create/start/run-to-end/destroy cycles of the hello guest in slot user1; the
 *                  hypervisor's free pages (HV_INFO) must be the same before and after
 *   test=bvt       two CPU-bound VMs on one CPU for 1 s of TSC time, weights 1:1 (bvt_a, bvt_b) then 2:1
 *                  (bvt_c, bvt_d): each share within 5% of its weight's; the gaps between them (one vCPU switch);
 *                  an ioreq round trip of a VM alone on its CPU (io_plain); an I/O-bound VM beside a CPU-bound
 *                  one without warp (io_plain) and with sched-warp-us (io_warp): the warped one's requests come
 *                  back sooner
 *   test=refusals  pointers outside the Service VM's own RAM (-14), the Service VM's and a pre-launched VM's
 *                  ids (-1), unknown ids and names (-2), ioreq completions with nothing pending; a post-launched
 *                  guest (refuser) whose every share hypercall is refused (-1); a VM that never halts (hang)
 *                  destroyed
 *   test=hybrid    hybrid mode, beside a real-time VM (rt_id=N rt_ram=ADDR rt_name=S): every hypercall naming
 *                  the real-time VM, or memory of its, refused; then the shared side loaded for load_ms=T
 *                  (3000) ms of TSC time: a CPU-bound VM (cpu_hog) and an I/O-bound one (io_ping, an OUT to
 *                  the device model after another) beside this VM on its CPU, the span printed as BENCH
 *                  hybrid.load_start_tsc / load_end_tsc; with crash=1 the load is started again and this VM
 *                  triple-faults on purpose in the middle of it (the hypervisor must stop the whole shared
 *                  side and nothing else)
 * then DONE passed=N failed=M and the end through its own debug-exit port.
 */
#include "dm.h"

const char guest_name[] = "svc";

#define MIB (1024u * 1024u)

static bool arg_word(const char *key, char *buf, size_t size)
{
	return cmdline_word(key, buf, size);
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void print_bp(const char *prefix, uint64_t bp)
{
	gprintf("%s%llu.%02llu\n", prefix, (unsigned long long)(bp / 100), (unsigned long long)(bp % 100));
}

static bool hv_info(struct hvkit_hv_info *info)
{
	*info = (struct hvkit_hv_info){ 0 };
	int64_t rc = hvkit_hc(HVKIT_HC_HV_INFO, (uintptr_t)info, 0, 0);
	if (rc != 0)
		fail("hv_info", "expected 0, got %lld", (long long)rc);
	return rc == 0;
}

/* The hypervisor must be hvkit before the first VMCALL (outside VMX non-root operation it raises #UD). */
static bool check_hypervisor(void)
{
	struct cpuid_regs r = cpuid(0x40000000u, 0);
	char sig[13];
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	if (!check_true("cpuid 0x40000000 says hvkit", memcmp(sig, HVKIT_CPUID_SIGNATURE, 12) == 0,
			"\"" HVKIT_CPUID_SIGNATURE "\"", "another signature"))
		return false;
	check_dec("version hypercall is the ABI's", HVKIT_ABI_VERSION,
		  (uint64_t)hvkit_hc(HVKIT_HC_VERSION, 0, 0, 0));
	struct hvkit_hv_info info;
	if (hv_info(&info)) {
		check_dec("hv_info abi_version", HVKIT_ABI_VERSION, info.abi_version);
		check_dec("hv_info self_id is self_id's", (uint64_t)hvkit_hc(HVKIT_HC_SELF_ID, 0, 0, 0), info.self_id);
		gprintf("svc: hypervisor: abi %u, %u CPU(s), %llu free pages; this VM is id %u\n", info.abi_version,
			info.cpu_count, (unsigned long long)info.free_pages, info.self_id);
	}
	return true;
}

/* ---- test=basic ---- */

static void test_basic(void)
{
	struct uvm u = { .name = "user1", .vcpus = 2, .ram = 32 * MIB };
	if (!uvm_launch(&u, &blob_basic, "cpus=2"))
		return;
	struct uvm *set[] = { &u };
	bool ended = dm_serve(set, 1, 1, rdtsc() + 120000 * tsc_per_ms());
	check_true("user1 ended through its debug-exit port", ended, "an end", "none within 120 s");
	check_dec("user1 exit status", 0, u.status);
	struct hvkit_vm_status st = { .id = (uint32_t)u.id };
	hc_expect("vm_status user1", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
	/* Its boot vCPU waits on the debug-exit request, which is never completed. */
	check_dec("user1 still running until destroyed", HVKIT_VM_STATE_RUNNING, st.state);
	gprintf("svc: user1: %llu requests served, %llu VM exits, %u upcalls so far\n",
		(unsigned long long)u.requests, (unsigned long long)st.exits, dm_upcalls);
	uvm_destroy(&u);
	check_true("upcall interrupts arrived", dm_upcalls > 0, "some", "none");

	/* The smp guest in the same slot: its boot vCPU starts the second with INIT-SIPI-SIPI; both print, each
	 * through its own ioreq slot. */
	struct uvm s = { .name = "user1", .vcpus = 2, .ram = 32 * MIB };
	if (!uvm_launch(&s, &blob_smp, ""))
		return;
	struct uvm *sset[] = { &s };
	ended = dm_serve(sset, 1, 1, rdtsc() + 120000 * tsc_per_ms());
	check_true("user1 (smp) ended through its debug-exit port", ended, "an end", "none within 120 s");
	check_dec("user1 (smp) exit status", 0, s.status);
	uvm_destroy(&s);

	/* Interrupts from the device model: a vIOAPIC pin and an MSI. */
	struct uvm q = { .name = "user1", .vcpus = 2, .ram = 32 * MIB, .answer_pings = true, .irq_rc = 1,
			 .msi_rc = 1 };
	if (!uvm_launch(&q, &blob_share_user, "run=irq"))
		return;
	struct uvm *qset[] = { &q };
	ended = dm_serve(qset, 1, 1, rdtsc() + 60000 * tsc_per_ms());
	check_true("user1 (irq) ended through its debug-exit port", ended, "an end", "none within 60 s");
	check_dec("user1 (irq) exit status", 0, q.status);
	check_dec("inject_irq returned 0", 0, (uint64_t)q.irq_rc);
	check_dec("inject_msi returned 0", 0, (uint64_t)q.msi_rc);
	uvm_destroy(&q);
}

/* ---- test=cycles ---- */

static void test_cycles(void)
{
	uint64_t n = 20;
	cmdline_uint("n", &n);
	struct hvkit_hv_info before, after;
	if (!hv_info(&before))
		return;
	unsigned int good = 0;
	for (uint64_t i = 1; i <= n; i++) {
		struct uvm u = { .name = "user1", .vcpus = 1, .ram = 16 * MIB };
		if (!uvm_launch(&u, &blob_hello, "count=1 ticks=1"))
			break;
		struct uvm *set[] = { &u };
		bool ended = dm_serve(set, 1, 1, rdtsc() + 60000 * tsc_per_ms());
		bool gone = uvm_destroy(&u);
		gprintf("svc: cycle %llu of %llu: user1 id %lld %s with status %u after %llu requests, %s\n",
			(unsigned long long)i, (unsigned long long)n, (long long)u.id, ended ? "ended" : "did NOT end",
			u.status, (unsigned long long)u.requests, gone ? "destroyed" : "NOT destroyed");
		if (!ended || u.status != 0 || !gone)
			break;
		good++;
	}
	check_dec("create/run/destroy cycles completed", n, good);
	if (!hv_info(&after))
		return;
	gprintf("svc: free pages before=%llu after=%llu\n", (unsigned long long)before.free_pages,
		(unsigned long long)after.free_pages);
	check_dec("free pages after the cycles as before", before.free_pages, after.free_pages);
}

/* ---- test=bvt ---- */

#define MAX_SWITCH_SAMPLES 512u
static uint64_t switch_samples[MAX_SWITCH_SAMPLES];
static unsigned int switch_count;

static void sort(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Each time `from` stopped running and `to` ran next on the same CPU: from's last TSC read to to's first. */
static void collect_switches(volatile struct share_mailbox *from, volatile struct share_mailbox *to)
{
	uint32_t nf = from->intervals < SHARE_MAX_INTERVALS ? from->intervals : SHARE_MAX_INTERVALS;
	uint32_t nt = to->intervals < SHARE_MAX_INTERVALS ? to->intervals : SHARE_MAX_INTERVALS;
	for (uint32_t i = 0; i + 1 < nf; i++) {
		uint64_t stop = from->interval[i][1], resume = from->interval[i + 1][0];
		for (uint32_t k = 0; k < nt; k++) {
			uint64_t start = to->interval[k][0];
			if (start > stop && start < resume) {
				if (switch_count < MAX_SWITCH_SAMPLES)
					switch_samples[switch_count++] = start - stop;
				break;
			}
		}
	}
}

/* a and b CPU-bound on one CPU for 1 s with weights wa:wb; returns the larger relative error of their shares
 * in hundredths of a percent, or UINT64_MAX. */
static uint64_t bvt_phase(struct uvm *a, struct uvm *b, uint64_t wa, uint64_t wb)
{
	uint64_t ms = tsc_per_ms();
	uint64_t t0 = rdtsc() + 300 * ms, t1 = t0 + 1000 * ms;
	char cl[96];
	gsnprintf(cl, sizeof(cl), "run=spin t0=%llu t1=%llu", (unsigned long long)t0, (unsigned long long)t1);
	bool ok = uvm_launch(a, &blob_share_user, cl) && uvm_launch(b, &blob_share_user, cl);
	check_true("bvt: both VMs started before their window", ok && rdtsc() < t0, "started", "late or refused");
	struct uvm *set[] = { a, b };
	ok = ok && dm_serve(set, 2, 2, t1 + 30000 * ms);
	check_true("bvt: both VMs ended", ok, "both", "not both");
	volatile struct share_mailbox *ma = uvm_mailbox(a), *mbx = uvm_mailbox(b);
	bool filled = ok && ma->magic == SHARE_MAILBOX_MAGIC && mbx->magic == SHARE_MAILBOX_MAGIC && ma->done &&
		      mbx->done;
	uint64_t ra = filled ? ma->ran : 0, rb = filled ? mbx->ran : 0, total = ra + rb;
	uint64_t err = UINT64_MAX;
	if (filled && ra && rb) {
		uint64_t w = wa + wb;
		/* |share - expected| / expected, for each, in hundredths of a percent. */
		uint64_t da = ra * w > wa * total ? ra * w - wa * total : wa * total - ra * w;
		uint64_t db = rb * w > wb * total ? rb * w - wb * total : wb * total - rb * w;
		uint64_t ea = da * 10000u / (wa * total), eb = db * 10000u / (wb * total);
		err = ea > eb ? ea : eb;
		gprintf("svc: bvt %llu:%llu: %s ran %llu ticks, %s ran %llu ticks of a %llu-tick window (%llu.%02llu%% "
			"in guests)\n", (unsigned long long)wa, (unsigned long long)wb, a->name, (unsigned long long)ra,
			b->name, (unsigned long long)rb, (unsigned long long)(t1 - t0),
			(unsigned long long)(total * 10000u / (t1 - t0) / 100), (unsigned long long)(total * 10000u / (t1 - t0) % 100));
		gprintf("svc: bvt %llu:%llu: shares %llu.%02llu%% and %llu.%02llu%% (configured %llu.%02llu%% and "
			"%llu.%02llu%%), errors %llu.%02llu%% and %llu.%02llu%% of the configured share\n",
			(unsigned long long)wa, (unsigned long long)wb, (unsigned long long)(ra * 10000u / total / 100),
			(unsigned long long)(ra * 10000u / total % 100), (unsigned long long)(rb * 10000u / total / 100),
			(unsigned long long)(rb * 10000u / total % 100), (unsigned long long)(wa * 10000u / w / 100),
			(unsigned long long)(wa * 10000u / w % 100), (unsigned long long)(wb * 10000u / w / 100),
			(unsigned long long)(wb * 10000u / w % 100), (unsigned long long)(ea / 100),
			(unsigned long long)(ea % 100), (unsigned long long)(eb / 100), (unsigned long long)(eb % 100));
		collect_switches(ma, mbx);
		collect_switches(mbx, ma);
	}
	char check[64], got[32];
	gsnprintf(check, sizeof(check), "bvt %llu:%llu shares within 5%% of the weights", (unsigned long long)wa,
		  (unsigned long long)wb);
	gsnprintf(got, sizeof(got), err == UINT64_MAX ? "no figures" : "%llu.%02llu%%",
		  (unsigned long long)(err / 100), (unsigned long long)(err % 100));
	check_true(check, err <= 500, "<= 5.00%", got);
	if (a->live)
		uvm_destroy(a);
	if (b->live)
		uvm_destroy(b);
	return err;
}

/* The median ioreq round trip of `io` (run=ping): alone, or beside `hog` (CPU-bound) on its CPU. */
static uint64_t ping_phase(struct uvm *io, struct uvm *hog, uint64_t n, uint64_t think_ms, const char *extra)
{
	uint64_t ms = tsc_per_ms();
	char cl[128];
	bool ok = true;
	if (hog) {
		gsnprintf(cl, sizeof(cl), "run=spin t0=%llu t1=%llu", (unsigned long long)rdtsc(),
			  (unsigned long long)(rdtsc() + 60000 * ms));
		ok = uvm_launch(hog, &blob_share_user, cl);
	}
	gsnprintf(cl, sizeof(cl), "run=ping n=%llu think=%llu %s", (unsigned long long)n,
		  (unsigned long long)(think_ms * ms), extra);
	ok = ok && uvm_launch(io, &blob_share_user, cl);
	struct uvm *set[] = { io, hog };
	ok = ok && dm_serve(set, hog ? 2 : 1, 1, rdtsc() + 60000 * ms);
	volatile struct share_mailbox *m = uvm_mailbox(io);
	uint64_t median = UINT64_MAX;
	uint32_t samples = m->samples;
	unsigned int k = samples < SHARE_MAX_SAMPLES ? samples : SHARE_MAX_SAMPLES;
	if (ok && m->magic == SHARE_MAILBOX_MAGIC && k > 0) {
		uint64_t s[SHARE_MAX_SAMPLES] = { 0 };
		for (unsigned int i = 0; i < k; i++)
			s[i] = m->sample[i];
		sort(s, k);
		median = s[k / 2];
		uint64_t seen[SHARE_MAX_SAMPLES] = { 0 }, done[SHARE_MAX_SAMPLES] = { 0 };
		unsigned int ks = io->pings < k ? (unsigned int)io->pings : k;
		for (unsigned int i = 0; i < ks; i++) {
			seen[i] = io->ping_seen[i];
			done[i] = io->ping_done[i];
		}
		sort(seen, ks);
		sort(done, ks);
		gprintf("svc: %s%s%s: %u round trips: min %llu, median %llu, max %llu ticks\n", io->name,
			hog ? " beside " : " alone", hog ? hog->name : "", k, (unsigned long long)s[0],
			(unsigned long long)median, (unsigned long long)s[k - 1]);
		gprintf("svc: %s: median ticks from its OUT to the device model seeing it %llu, to the completion "
			"call's return %llu\n", io->name, (unsigned long long)(ks ? seen[ks / 2] : 0),
			(unsigned long long)(ks ? done[ks / 2] : 0));
	}
	char check[64];
	gsnprintf(check, sizeof(check), "%s's round trips measured", io->name);
	check_true(check, median != UINT64_MAX, "a median", "none");
	if (io->live)
		uvm_destroy(io);
	if (hog && hog->live)
		uvm_destroy(hog);
	return median;
}

static void test_bvt(void)
{
	struct uvm a = { .name = "bvt_a", .vcpus = 1, .ram = 16 * MIB };
	struct uvm b = { .name = "bvt_b", .vcpus = 1, .ram = 16 * MIB };
	struct uvm c = { .name = "bvt_c", .vcpus = 1, .ram = 16 * MIB };
	struct uvm d = { .name = "bvt_d", .vcpus = 1, .ram = 16 * MIB };
	struct uvm io = { .name = "io_plain", .vcpus = 1, .ram = 16 * MIB };
	struct uvm iow = { .name = "io_warp", .vcpus = 1, .ram = 16 * MIB };
	uint64_t e1 = bvt_phase(&a, &b, 1, 1);
	uint64_t e2 = bvt_phase(&c, &d, 2, 1);
	if (e1 != UINT64_MAX && e2 != UINT64_MAX)
		print_bp("svc: BENCH share.bvt_share_error: ", e1 > e2 ? e1 : e2);
	if (switch_count) {
		sort(switch_samples, switch_count);
		gprintf("svc: vCPU switches seen: %u, min %llu, median %llu, max %llu ticks\n", switch_count,
			(unsigned long long)switch_samples[0], (unsigned long long)switch_samples[switch_count / 2],
			(unsigned long long)switch_samples[switch_count - 1]);
		gprintf("svc: BENCH share.vcpu_switch_ticks: %llu\n", (unsigned long long)switch_samples[switch_count / 2]);
	}
	check_true("vcpu switches measured", switch_count > 0, "some", "none");

	/* An ioreq round trip of a VM alone on its CPU: the figure share.ioreq_pio_ticks (printed by the guest). */
	ping_phase(&io, NULL, 32, 0, "bench_prefix=share.");
	/* Warp: an I/O-bound VM beside a CPU-bound one. Its requests wait for the CPU-bound VM's turn to end
	 * without warp; with sched-warp-us it is dispatched as soon as its request is complete. Its think time
	 * (CPU-bound work between requests) outlasts the warp's unwarp time, so every wake may warp. */
	uint64_t plain = ping_phase(&io, &a, 12, 60, "");
	uint64_t warped = ping_phase(&iow, &a, 12, 60, "");
	if (plain != UINT64_MAX && warped != UINT64_MAX) {
		gprintf("svc: warp: median round trip beside a CPU-bound VM: %llu ticks without warp, %llu with\n",
			(unsigned long long)plain, (unsigned long long)warped);
		gprintf("svc: BENCH share.ioreq_beside_cpu_bound_ticks: %llu\n", (unsigned long long)plain);
		gprintf("svc: BENCH share.ioreq_beside_cpu_bound_warp_ticks: %llu\n", (unsigned long long)warped);
	}
	char got[64];
	gsnprintf(got, sizeof(got), "%llu with warp, %llu without", (unsigned long long)warped, (unsigned long long)plain);
	check_true("warped I/O-bound VM dispatched ahead of the CPU-bound one", warped != UINT64_MAX &&
		   plain != UINT64_MAX && warped * 4 < plain, "less than a quarter of the unwarped latency", got);
}

/* ---- test=refusals ---- */

static void test_refusals(void)
{
	uint64_t pre_id = 0, pre_ram = 0;
	if (!cmdline_uint("pre_id", &pre_id) || !cmdline_uint("pre_ram", &pre_ram)) {
		fail("refusals arguments", "expected pre_id=N pre_ram=ADDR, got \"%s\"", guest_cmdline());
		return;
	}
	int64_t self = hvkit_hc(HVKIT_HC_SELF_ID, 0, 0, 0);
	struct hvkit_vm_create c = { .name = "pre", .vcpus = 1 };
	struct hvkit_vm_create cs = { .name = "service", .vcpus = 1 };
	struct hvkit_vm_create cn = { .name = "nosuch", .vcpus = 1 };

	/* Memory that is not the Service VM's own RAM: the hypervisor's image, its own RAM's end, MMIO, a
	 * pre-launched VM's RAM, and (below) a post-launched VM's RAM mapped in for the device model. */
	const uint64_t hv_image = 0x800000u, low_end = 0x9f000u - 8u, ioapic = 0xfec00000u;
	hc_expect("hv_info at 0x800000 (the hypervisor's image): EFAULT", -HVKIT_EFAULT, HVKIT_HC_HV_INFO, hv_image, 0, 0);
	hc_expect("vm_start of the Service VM itself: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_START, (uint64_t)self, 0, 0);
	hc_expect("hv_info across the end of its RAM at 0x9f000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_HV_INFO, low_end, 0, 0);
	hc_expect("hv_info at 0xfec00000 (MMIO): EFAULT", -HVKIT_EFAULT, HVKIT_HC_HV_INFO, ioapic, 0, 0);
	hc_expect("hv_info in the pre-launched VM's RAM: EFAULT", -HVKIT_EFAULT, HVKIT_HC_HV_INFO, pre_ram, 0, 0);
	hc_expect("vm_create struct at 0x800000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_VM_CREATE, hv_image, 0, 0);
	hc_expect("vm_set_memory struct at 0x800000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_VM_SET_MEMORY, hv_image, 0, 0);
	hc_expect("vcpu_set_state struct at 0x800000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_VCPU_SET_STATE, hv_image, 0, 0);
	hc_expect("vm_status struct at 0x800000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_VM_STATUS, hv_image, 0, 0);
	hc_expect("ioreq_setup page at 0x800000: EFAULT", -HVKIT_EFAULT, HVKIT_HC_IOREQ_SETUP, 2, hv_image, 0);

	/* Ids and names that are not the Service VM's to manage. */
	hc_expect("vm_destroy of the Service VM itself: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_DESTROY, (uint64_t)self, 0, 0);
	hc_expect("vm_pause of the Service VM itself: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_PAUSE, (uint64_t)self, 0, 0);
	hc_expect("vm_start of the pre-launched VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_START, pre_id, 0, 0);
	hc_expect("vm_destroy of the pre-launched VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_DESTROY, pre_id, 0, 0);
	hc_expect("inject_irq into the pre-launched VM: EPERM", -HVKIT_EPERM, HVKIT_HC_INJECT_IRQ, pre_id, 4,
		  HVKIT_IRQ_PULSE);
	hc_expect("vm_create of the pre-launched VM's name: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_CREATE, (uintptr_t)&c, 0, 0);
	hc_expect("vm_create of the Service VM's name: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_CREATE, (uintptr_t)&cs, 0, 0);

	/* Nothing there. */
	hc_expect("vm_start of id 7 (no VM): ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_START, 7, 0, 0);
	hc_expect("vm_destroy of id 63 (no VM): ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_DESTROY, 63, 0, 0);
	hc_expect("vm_start of id 64 (beyond the ids): ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_START, 64, 0, 0);
	hc_expect("vm_destroy of id 0x100000000: ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_DESTROY, 0x100000000ull, 0, 0);
	hc_expect("vm_create of an unknown name: ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_CREATE, (uintptr_t)&cn, 0, 0);

	struct hvkit_hv_info before, after;
	hv_info(&before);

	/* A post-launched guest that makes every share hypercall: each refused. */
	struct uvm r = { .name = "refuser", .vcpus = 1, .ram = 16 * MIB };
	if (uvm_launch(&r, &blob_share_user, "run=hcall")) {
		struct hvkit_vm_status st = { .id = (uint32_t)r.id };
		hc_expect("vm_status in the refuser's RAM (not the Service VM's own): EFAULT", -HVKIT_EFAULT,
			  HVKIT_HC_VM_STATUS, (uintptr_t)r.host + 0x1000u, 0, 0);
		hc_expect("ioreq_setup in the refuser's RAM: EFAULT", -HVKIT_EFAULT, HVKIT_HC_IOREQ_SETUP,
			  (uint64_t)r.id, (uintptr_t)r.host + 0x1000u, 0);
		hc_expect("ioreq_setup twice: EEXIST", -HVKIT_EEXIST, HVKIT_HC_IOREQ_SETUP, (uint64_t)r.id,
			  (uintptr_t)&st & ~0xfffull, 0);
		hc_expect("vm_create of a running VM's name: EEXIST", -HVKIT_EEXIST, HVKIT_HC_VM_CREATE,
			  (uintptr_t)&(struct hvkit_vm_create){ .name = "refuser", .vcpus = 1 }, 0, 0);
		hc_expect("vm_start of a running VM: EBUSY", -HVKIT_EBUSY, HVKIT_HC_VM_START, (uint64_t)r.id, 0, 0);
		hc_expect("ioreq_complete of vcpu 5 of a 1-vCPU VM: ENOENT", -HVKIT_ENOENT, HVKIT_HC_IOREQ_COMPLETE,
			  (uint64_t)r.id, 5, 0);
		struct uvm *set[] = { &r };
		bool ended = dm_serve(set, 1, 1, rdtsc() + 60000 * tsc_per_ms());
		check_true("refuser ended through its debug-exit port", ended, "an end", "none");
		check_dec("refuser exit status", 0, r.status);
		/* Its boot vCPU waits on the debug-exit request: a completion without COMPLETE is refused. */
		hc_expect("ioreq_complete of a slot not completed: EINVAL", -HVKIT_EINVAL, HVKIT_HC_IOREQ_COMPLETE,
			  (uint64_t)r.id, 0, 0);
		uvm_destroy(&r);
		hc_expect("vm_status of the destroyed refuser: ENOENT", -HVKIT_ENOENT, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
	}

	/* A guest that never halts (no I/O, interrupts off): destroyed. */
	struct uvm h = { .name = "hang", .vcpus = 1, .ram = 16 * MIB };
	if (uvm_launch(&h, &blob_share_user, "run=hang")) {
		struct uvm *set[] = { &h };
		bool ended = dm_serve(set, 1, 1, rdtsc() + 500 * tsc_per_ms());
		check_true("hang still running after 500 ms", !ended, "running", "ended");
		struct hvkit_vm_status st = { .id = (uint32_t)h.id };
		hc_expect("vm_status hang", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
		check_dec("hang is running", HVKIT_VM_STATE_RUNNING, st.state);
		/* Paused: off its CPU (no more exits); started again: running on; paused again and destroyed. */
		hc_expect("vm_pause hang", 0, HVKIT_HC_VM_PAUSE, (uint64_t)h.id, 0, 0);
		dm_sleep_ms(20);
		hc_expect("vm_status hang (paused)", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
		check_dec("hang is paused", HVKIT_VM_STATE_PAUSED, st.state);
		uint64_t exits = st.exits;
		dm_sleep_ms(100);
		hc_expect("vm_status hang (still paused)", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
		char got[48];
		gsnprintf(got, sizeof(got), "%llu more", (unsigned long long)(st.exits - exits));
		check_true("hang makes no VM exits while paused", st.exits == exits, "none", got);
		hc_expect("vm_start resumes hang", 0, HVKIT_HC_VM_START, (uint64_t)h.id, 0, 0);
		dm_sleep_ms(100);
		hc_expect("vm_status hang (resumed)", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
		check_dec("hang is running again", HVKIT_VM_STATE_RUNNING, st.state);
		gsnprintf(got, sizeof(got), "%llu more", (unsigned long long)(st.exits - exits));
		check_true("hang runs again after vm_start", st.exits > exits, "more exits", got);
		/* Reset: its vCPUs leave, the VM is built again with its RAM kept (state created); given its boot
		 * state again and started, it runs again. */
		hc_expect("vm_reset of the running hang: 1 (resetting)", 1, HVKIT_HC_VM_RESET, (uint64_t)h.id, 0, 0);
		for (unsigned int i = 0; i < 100; i++) {
			hc_expect("vm_status hang (resetting)", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
			if (st.state == HVKIT_VM_STATE_CREATED)
				break;
			dm_sleep_ms(10);
		}
		check_dec("hang is created again after its reset", HVKIT_VM_STATE_CREATED, st.state);
		check_dec("hang's exit count starts again after its reset", 0, st.exits);
		struct hvkit_vcpu_state s = {
			.id = (uint32_t)h.id, .vcpu = 0, .mode = HVKIT_VCPU_MODE_PROTECTED32, .rip = blob_share_user.entry,
			.rflags = 0x2, .rax = MB_BOOT_MAGIC_V1, .rbx = SHARE_MBINFO_GPA,
		};
		hc_expect("vcpu_set_state after the reset", 0, HVKIT_HC_VCPU_SET_STATE, (uintptr_t)&s, 0, 0);
		hc_expect("vm_start after the reset", 0, HVKIT_HC_VM_START, (uint64_t)h.id, 0, 0);
		dm_sleep_ms(100);
		hc_expect("vm_status hang (after the reset)", 0, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
		check_dec("hang runs again after its reset", HVKIT_VM_STATE_RUNNING, st.state);
		check_true("hang makes VM exits again after its reset", st.exits > 0, "some", "none");
		hc_expect("vm_pause hang again", 0, HVKIT_HC_VM_PAUSE, (uint64_t)h.id, 0, 0);
		gprintf("svc: hang: %llu VM exits so far; destroying it while paused\n", (unsigned long long)st.exits);
		uvm_destroy(&h);
		check_dec("vm_destroy of a running VM returns 1 (stopping)", 1, (uint64_t)h.destroy_rc);
	}
	hv_info(&after);
	gprintf("svc: free pages before=%llu after=%llu\n", (unsigned long long)before.free_pages,
		(unsigned long long)after.free_pages);
	check_dec("free pages after refuser and hang as before", before.free_pages, after.free_pages);
}

/* ---- test=hybrid ---- */

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* A triple fault: no IDT, so #UD cannot be delivered, nor the #GP that follows, nor the #DF. */
static void triple_fault(void)
{
	static const struct idt_pointer empty = { 0, 0 };
	gprintf("svc: triple-faulting on purpose, with cpu_hog and io_ping running, at TSC %llu\n",
		(unsigned long long)rdtsc());
	serial_flush();
	__asm__ __volatile__("cli\n\tlidt %0\n\tud2" : : "m"(empty) : "memory");
}

/* cpu_hog and io_ping from now until now + ms, beside this VM on its CPU. */
static bool load_start(struct uvm *hog, struct uvm *io, uint64_t ms, uint64_t *t0, uint64_t *t1)
{
	char cl[96];
	*t0 = rdtsc();
	*t1 = *t0 + ms * tsc_per_ms();
	gsnprintf(cl, sizeof(cl), "run=spin t0=%llu t1=%llu", (unsigned long long)*t0, (unsigned long long)*t1);
	bool ok = uvm_launch(hog, &blob_share_user, cl);
	gsnprintf(cl, sizeof(cl), "run=ping n=64 think=0 until=%llu", (unsigned long long)*t1);
	ok = ok && uvm_launch(io, &blob_share_user, cl);
	check_true("hybrid: cpu_hog and io_ping started", ok, "both", "not both");
	return ok;
}

static void test_hybrid(void)
{
	uint64_t rt_id = 0, rt_ram = 0, load_ms = 3000, crash = 0;
	char rt_name[32] = "";
	if (!cmdline_uint("rt_id", &rt_id) || !cmdline_uint("rt_ram", &rt_ram) || !arg_word("rt_name", rt_name,
											       sizeof(rt_name))) {
		fail("hybrid arguments", "expected rt_id=N rt_ram=ADDR rt_name=S, got \"%s\"", guest_cmdline());
		return;
	}
	cmdline_uint("load_ms", &load_ms);
	cmdline_uint("crash", &crash);

	/* The real-time VM is out of the Service VM's reach: by id, by name, by memory. */
	struct hvkit_vm_create c = { .vcpus = 1 };
	memcpy(c.name, rt_name, sizeof(rt_name) < sizeof(c.name) ? sizeof(rt_name) : sizeof(c.name));
	struct hvkit_vm_status st = { .id = (uint32_t)rt_id };
	struct hvkit_vcpu_state vs = { .id = (uint32_t)rt_id, .vcpu = 0, .mode = HVKIT_VCPU_MODE_PROTECTED32 };
	struct hvkit_vm_memory mem = { .id = (uint32_t)rt_id, .size = 0x100000 };
	hc_expect("vm_start of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_START, rt_id, 0, 0);
	hc_expect("vm_pause of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_PAUSE, rt_id, 0, 0);
	hc_expect("vm_reset of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_RESET, rt_id, 0, 0);
	hc_expect("vm_destroy of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_DESTROY, rt_id, 0, 0);
	hc_expect("vm_status of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_STATUS, (uintptr_t)&st, 0, 0);
	hc_expect("vcpu_set_state of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VCPU_SET_STATE, (uintptr_t)&vs, 0,
		  0);
	hc_expect("vm_set_memory of the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_SET_MEMORY, (uintptr_t)&mem, 0,
		  0);
	hc_expect("inject_irq into the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_INJECT_IRQ, rt_id, 4,
		  HVKIT_IRQ_PULSE);
	hc_expect("inject_msi into the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_INJECT_MSI, rt_id, 0xfee00000u,
		  0x41);
	hc_expect("ioreq_setup for the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_IOREQ_SETUP, rt_id,
		  (uintptr_t)&st & ~0xfffull, 0);
	hc_expect("ioreq_complete for the real-time VM: EPERM", -HVKIT_EPERM, HVKIT_HC_IOREQ_COMPLETE, rt_id, 0, 0);
	hc_expect("vm_create of the real-time VM's name: EPERM", -HVKIT_EPERM, HVKIT_HC_VM_CREATE, (uintptr_t)&c, 0, 0);
	hc_expect("hv_info into the real-time VM's RAM: EFAULT", -HVKIT_EFAULT, HVKIT_HC_HV_INFO, rt_ram, 0, 0);
	hc_expect("vm_status struct in the real-time VM's RAM: EFAULT", -HVKIT_EFAULT, HVKIT_HC_VM_STATUS,
		  rt_ram + 0x1000u, 0, 0);
	hc_expect("ioreq_setup page in the real-time VM's RAM: EFAULT", -HVKIT_EFAULT, HVKIT_HC_IOREQ_SETUP, 2,
		  rt_ram + 0x2000u, 0);

	/* The load: a CPU-bound and an I/O-bound VM beside this one, for load_ms. */
	struct uvm hog = { .name = "cpu_hog", .vcpus = 1, .ram = 16 * MIB };
	struct uvm io = { .name = "io_ping", .vcpus = 1, .ram = 16 * MIB };
	uint64_t t0, t1;
	if (!load_start(&hog, &io, load_ms, &t0, &t1))
		return;
	gprintf("svc: BENCH hybrid.load_start_tsc: %llu\n", (unsigned long long)t0);
	struct uvm *set[] = { &hog, &io };
	bool ended = dm_serve(set, 2, 2, t1 + 30000 * tsc_per_ms());
	uint64_t t_end = rdtsc();
	gprintf("svc: BENCH hybrid.load_end_tsc: %llu\n", (unsigned long long)(t1 < t_end ? t1 : t_end));
	check_true("hybrid: cpu_hog and io_ping ended", ended, "both", "not both");
	check_dec("cpu_hog exit status", 0, hog.status);
	check_dec("io_ping exit status", 0, io.status);
	volatile struct share_mailbox *mh = uvm_mailbox(&hog);
	gprintf("svc: hybrid load: cpu_hog ran %llu of %llu TSC ticks; io_ping made %llu requests\n",
		(unsigned long long)mh->ran, (unsigned long long)(t1 - t0), (unsigned long long)io.requests);
	check_true("hybrid: io_ping made requests throughout", io.requests > 64, "more than 64", "fewer");
	uvm_destroy(&hog);
	uvm_destroy(&io);
	if (!crash)
		return;
	if (!load_start(&hog, &io, 60000, &t0, &t1))
		return;
	dm_serve(set, 2, 2, rdtsc() + 200 * tsc_per_ms());
	triple_fault();
	fail("still running after a triple fault", "expected the Service VM stopped, got it running");
}

void guest_main(void)
{
	char test[16] = "";
	arg_word("test", test, sizeof(test));
	gprintf("svc: the service guest, test=%s\n", test);
	if (!check_hypervisor())
		return;
	dm_init();
	if (streq(test, "basic"))
		test_basic();
	else if (streq(test, "cycles"))
		test_cycles();
	else if (streq(test, "bvt"))
		test_bvt();
	else if (streq(test, "refusals"))
		test_refusals();
	else if (streq(test, "hybrid"))
		test_hybrid();
	else
		fail("test", "expected test=basic|cycles|bvt|refusals|hybrid, got \"%s\"", test);
}
