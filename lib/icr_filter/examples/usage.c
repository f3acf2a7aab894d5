/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/icr_filter: a lapic_pt VM's IPIs turned into physical sends to its own CPUs, and nowhere else. */
#include <icr_filter/icr_filter.h>
#include <stdio.h>

static void guest_writes_icr(const struct icr_vm_map *m, uint64_t icr)
{
	struct icr_action a;
	int rc = icr_filter(m, 0, icr, &a);
	if (rc != 0) {
		printf("ICR 0x%llx: refused (%d)\n", (unsigned long long)icr, rc);
		return;
	}
	printf("ICR 0x%llx: %u physical send(s)", (unsigned long long)icr, a.nr_sends);
	for (unsigned int i = 0; i < a.nr_sends; i++)
		printf(", vCPU %u via ICR 0x%llx", a.sends[i].vcpu, (unsigned long long)a.sends[i].icr);
	for (unsigned int i = 0; i < a.nr_dropped; i++)
		printf(", ID %u dropped (not this VM's)", a.dropped_ids[i]);
	printf("\n");
}

int main(void)
{
	/* vCPU 0 runs on the CPU with x2APIC ID 4, vCPU 1 on ID 6. */
	static const uint32_t phys[] = { 4, 6 };
	struct icr_vm_map m;
	if (icr_vm_map_init(&m, phys, 2) != 0)
		return 1;
	printf("vCPU 1 reads LDR 0x%x\n", x2apic_ldr_of_id(1));
	guest_writes_icr(&m, (1ull << 32) | 0x40); /* fixed, vector 0x40, to virtual ID 1 */
	guest_writes_icr(&m, (5ull << 32) | 0x40); /* to virtual ID 5: no such vCPU */
	return 0;
}
