#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run_loader_tests.sh: boots the loader around the test image (tests/hv_test) and
# checks what the image reports about the boot_info it received.
#
# usage: run_loader_tests.sh qemu|bochs <hvkit-uefi-test.efi> <work dir> [<hvkit-uefi-test-mmio.efi>]
#   qemu:  q35 + OVMF, 2 CPUs: expects a non-zero RSDP ("RSD PTR "), 2 CPUs, both
#          modules with their contents, PASS; then error cases (a bad hvkit.cfg
#          line, a missing module, and with the 4th argument an image linked onto
#          MMIO) must print a plain error, return to the firmware, and not hand off.
#   bochs: i440fx + OVMF from an ISO, tigerlake x2: expects RSDP 0, 2 CPUs from MP
#          Services, both modules, PASS.
# Logs stay in <work dir>. Exit 0 when every check holds.
set -u

here=$(cd "$(dirname "$0")" && pwd)
emu=$1
efi=$2
work=$3
mmio_efi=${4:-}
mkdir -p "$work/files/guest"
fails=0

expect() { # <log> <fixed string> <what>
	if grep -a -q -F -- "$2" "$1"; then
		echo "ok:   $3"
	else
		echo "FAIL: $3 (no '$2' in $1)"
		fails=$((fails + 1))
	fi
}

forbid() { # <log> <fixed string> <what>
	if grep -a -q -F -- "$2" "$1"; then
		echo "FAIL: $3 ('$2' in $1)"
		fails=$((fails + 1))
	else
		echo "ok:   $3"
	fi
}

f=$work/files
printf 'cmdline=console=com1 loglevel=3\n# two modules, one in a folder, one with arguments\nmodule=guest/kernel.bin root=/dev/vda\r\nmodule=initrd.img\n' > "$f/hvkit.cfg"
printf 'KERNEL-MODULE-CONTENT 0123456789' > "$f/guest/kernel.bin"
head -c 5000 /dev/zero | tr '\0' 'R' > "$f/initrd.img"
files="$f/hvkit.cfg $f/initrd.img $f/guest/kernel.bin=guest/kernel.bin"

check_good_boot() { # <log> <rsdp: nonzero|zero>
	log=$1
	expect "$log" 'hvtest: hv_entry64 reached' 'the image was entered'
	expect "$log" 'hvtest: loader="uefi" cmdline="console=com1 loglevel=3"' 'loader and command line'
	expect "$log" 'hvtest: fw_cpu_count=2 bsp_apic_id=0 apic_ids=0,1' '2 CPUs from MP Services'
	expect "$log" 'hvtest: modules=2' 'two modules'
	expect "$log" 'name="guest/kernel.bin root=/dev/vda" text="KERNEL-MODULE-CONTENT 0123456789"' 'module 0 name and bytes'
	expect "$log" 'name="initrd.img" text="RRRRRRRR' 'module 1 name and bytes'
	if [ "$2" = nonzero ]; then
		expect "$log" 'signature="RSD PTR "' 'a real ACPI RSDP'
	else
		expect "$log" 'hvtest: acpi_rsdp=0x0000000000000000' 'RSDP 0 (no ACPI tables)'
	fi
	expect "$log" 'hvtest: PASS' 'the image checks passed'
	forbid "$log" 'hvtest: FAIL' 'no failed image check'
}

case $emu in
qemu)
	log=$work/qemu.log
	# shellcheck disable=SC2086
	QEMU_EXTRA='-nic none' "$here/qemu_uefi_boot.sh" "$efi" "$log" $files
	status=$?
	[ $status -eq 33 ] && echo "ok:   QEMU exit status 33 (PASS)" || { echo "FAIL: QEMU exit status $status"; fails=$((fails + 1)); }
	check_good_boot "$log" nonzero

	printf 'cmdline=x\nmodul=typo.bin\n' > "$f/bad.cfg"
	log=$work/qemu-bad-cfg.log
	TIMEOUT=25 QEMU_EXTRA='-nic none' "$here/qemu_uefi_boot.sh" "$efi" "$log" "$f/bad.cfg=hvkit.cfg"
	expect "$log" 'hvkit-efi: error: \hvkit.cfg line 2: unknown key' 'a bad hvkit.cfg line is named'
	forbid "$log" 'hvtest:' 'no hand-off after a bad hvkit.cfg'

	printf 'module=missing.bin\n' > "$f/missing.cfg"
	log=$work/qemu-missing-module.log
	TIMEOUT=25 QEMU_EXTRA='-nic none' "$here/qemu_uefi_boot.sh" "$efi" "$log" "$f/missing.cfg=hvkit.cfg"
	expect "$log" 'hvkit-efi: error: cannot load module 0 "missing.bin" (file \missing.bin) (Not Found)' 'a missing module is named'
	forbid "$log" 'hvtest:' 'no hand-off without a module'
	expect "$log" 'BdsDxe: failed to start' 'the loader returned its error to the firmware'

	if [ -n "$mmio_efi" ]; then
		log=$work/qemu-mmio.log
		TIMEOUT=25 QEMU_EXTRA='-nic none' "$here/qemu_uefi_boot.sh" "$mmio_efi" "$log"
		expect "$log" 'hvkit-efi: error: cannot place the hypervisor at 0xFEC00000-0xFEC45000: not RAM' 'an image outside RAM is refused'
		expect "$log" 'BdsDxe: failed to start' 'and the error returned to the firmware'
		forbid "$log" 'hvtest:' 'no hand-off of an unplaceable image'
	fi
	;;
bochs)
	log=$work/bochs.log
	# shellcheck disable=SC2086
	"$here/bochs_uefi_boot.sh" "$efi" "$log" $files
	check_good_boot "$log" zero
	;;
*)
	echo "usage: $0 qemu|bochs <hvkit-uefi-test.efi> <work dir>" >&2
	exit 2
	;;
esac

[ $fails -eq 0 ] && echo "uefi loader tests ($emu): all passed" || echo "uefi loader tests ($emu): $fails failed"
[ $fails -eq 0 ]
