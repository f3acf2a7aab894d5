/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The service guest's device model: post-launched VMs created, loaded and started through hypercalls, their
 * port I/O served from ioreq slots (a 16550's THR/LSR at 0x3f8, the debug-exit port 0xf4, a ping port; all ones
 * elsewhere), and destroyed again.
 */
#ifndef SERVICE_DM_H
#define SERVICE_DM_H

#include "apiclib.h"
#include "share_test.h"

/* A test guest embedded as a flat binary (embed_guest.py). */
struct guest_blob {
	const uint8_t *data;
	uint64_t size;
	uint64_t load;  /* guest-physical address of data[0] */
	uint64_t end;   /* end of its memory image, bss included */
	uint64_t entry; /* 32-bit Multiboot entry */
};
extern const struct guest_blob blob_basic, blob_hello, blob_smp, blob_share_user;

#define UVM_LINE_MAX 200u

struct uvm {
	const char *name;  /* its slot in the scenario */
	uint32_t vcpus;
	uint64_t ram;      /* bytes of RAM at guest-physical 0 */
	int64_t id;
	uint8_t *host;     /* its RAM, mapped into the Service VM at guest-physical == host address */
	struct hvkit_ioreq_page *io;
	bool live;         /* created and not destroyed yet */
	bool ended;        /* it wrote to its debug-exit port (status) */
	uint32_t status;
	uint64_t requests, pings;
	/* TSC ticks from a ping's OUT to the device model seeing it, and to its completion call's return. */
	uint32_t ping_seen[SHARE_MAX_SAMPLES], ping_done[SHARE_MAX_SAMPLES];
	uint64_t end_tsc;
	int64_t destroy_rc; /* what VM_DESTROY returned */
	bool answer_pings;  /* pings SHARE_PING_IRQ / _MSI are answered with an interrupt (run=irq) */
	int64_t irq_rc, msi_rc; /* what those injections returned */
	char line[UVM_LINE_MAX];
	unsigned int len;
};

/* Set up the upcall (vIOAPIC pin 20) and a wake-up timer; call once. */
void dm_init(void);
uint64_t tsc_per_ms(void);
/* Create u (name, vcpus, ram set), give it RAM, load blob with cmdline, register its ioreq page, set its boot
 * vCPU's state and start it. false (after FAIL lines) when a step is refused. */
bool uvm_launch(struct uvm *u, const struct guest_blob *blob, const char *cmdline);
/* Serve the requests of the n VMs of set until the first `need` of them have ended (true) or `deadline` (TSC)
 * has passed (false). */
bool dm_serve(struct uvm *const *set, unsigned int n, unsigned int need, uint64_t deadline);
/* Destroy u and wait until the hypervisor has freed its slot (VM_STATUS says ENOENT). */
bool uvm_destroy(struct uvm *u);
/* The mailbox in u's RAM (share_test.h). */
volatile struct share_mailbox *uvm_mailbox(const struct uvm *u);
/* Halt until an interrupt or `ms` milliseconds. */
void dm_sleep_ms(uint64_t ms);
extern volatile uint32_t dm_upcalls;

/* A checked hypercall: PASS/FAIL "check" on rc == want; returns rc. */
int64_t hc_expect(const char *check, int64_t want, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
