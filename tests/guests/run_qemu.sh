#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Boot one test guest natively in QEMU (TCG, no hypervisor): BIOS -> GRUB (Multiboot v1) -> the guest, and print
# its serial log. A second native model next to Bochs (run_native.sh): QEMU has no VMX and no x2APIC, so use
# mode=xapic, but its IOAPIC models remote IRR and EOI, which Bochs 2.7's does not (see ioapic_level). Its TSC
# follows host time, so timings are neither deterministic nor comparable with Bochs's instruction-count TSC.
#
#   tests/guests/run_qemu.sh <guest> [guest args...]
#
# Environment: GUEST_ELF, BUILD_DIR (<repo>/build), CPUS (1), MEGS (64), TIMEOUT (120 s).
# Exit status: 0 when the log ends with "<guest>: DONE passed=N failed=0", 1 otherwise, 2 on usage errors.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 <guest> [guest args...]" >&2
	exit 2
fi
guest=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$repo/build}
GUEST_ELF=${GUEST_ELF:-$BUILD_DIR/tests/guests/$guest.elf}
CPUS=${CPUS:-1}
MEGS=${MEGS:-64}
TIMEOUT=${TIMEOUT:-120}
if [ ! -f "$GUEST_ELF" ]; then
	echo "$0: no guest image $GUEST_ELF (build it, or set GUEST_ELF / BUILD_DIR)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/guests-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/iso/boot/grub"
cp "$GUEST_ELF" "$work/iso/boot/$guest.elf"
cat >"$work/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "$guest" {
	multiboot /boot/$guest.elf $*
	boot
}
CFG
if ! grub-mkrescue -d /usr/lib/grub/i386-pc -o "$work/guest.iso" "$work/iso" >"$work/mkrescue.log" 2>&1; then
	cat "$work/mkrescue.log" >&2
	exit 2
fi
# isa-debug-exit at 0xf4: the guest's exit write ends QEMU (status (N << 1) | 1; the serial log is the verdict).
timeout "$TIMEOUT" qemu-system-x86_64 -m "$MEGS" -smp "$CPUS" -cdrom "$work/guest.iso" -boot d \
	-serial "file:$work/serial.log" -display none -monitor none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null >"$work/qemu.out" 2>&1 || true
touch "$work/serial.log"
cat "$work/serial.log"
if grep -q "^$guest: DONE passed=[0-9]* failed=0\$" "$work/serial.log"; then
	exit 0
fi
exit 1
