/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vtd: find the remapping unit of a PCI device in the firmware's ACPI DMAR table. */
#include <stdio.h>
#include <string.h>
#include <vtd/dmar.h>

int main(void)
{
	/* A DMAR as firmware publishes it: 48-byte header, then one DRHD (type 0, 16 bytes) for
	 * every device of segment 0 (INCLUDE_PCI_ALL), registers at 0xfed90000. */
	unsigned char t[64] = { 'D', 'M', 'A', 'R', 64, [8] = 1, [36] = 38 /* HAW - 1 */, [37] = 1 };
	const unsigned char drhd[16] = { 0, 0, 16, 0, DMAR_DRHD_INCLUDE_PCI_ALL, 0, 0, 0,
					 0x00, 0x00, 0xd9, 0xfe, 0, 0, 0, 0 };
	memcpy(t + 48, drhd, sizeof(drhd));
	unsigned char sum = 0;
	for (size_t i = 0; i < sizeof(t); i++)
		sum = (unsigned char)(sum + t[i]);
	t[9] = (unsigned char)-sum; /* the ACPI checksum */

	static struct dmar_info info;
	if (dmar_parse(t, sizeof(t), NULL, NULL, &info) != 0)
		return 1;
	printf("DMAR: %u-bit host addresses, %u unit(s)\n", info.haw_bits, info.drhd_count);
	int u = dmar_drhd_for_device(&info, 0, 0x00, (0x1f << 3) | 2); /* 00:1f.2 */
	if (u < 0)
		return 1;
	printf("00:1f.2 is translated by the unit at 0x%llx\n", (unsigned long long)info.drhd[u].reg_base);
	return 0;
}
