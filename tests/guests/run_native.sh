#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Boot one test guest natively (no hypervisor) in Bochs: legacy BIOS -> GRUB (Multiboot v1) -> the guest, and
# print its serial log. Natively measured baselines for the benchmarks come from here.
#
#   tests/guests/run_native.sh <guest> [guest args...]
#
# Environment:
#   GUEST_ELF    the guest image (default: $BUILD_DIR/tests/guests/<guest>.elf)
#   BUILD_DIR    build folder (default: <repo>/build)
#   CPUS         Bochs CPUs (default 2)       CPU_MODEL  Bochs CPU model (default tigerlake)
#   MEGS         guest RAM in MiB (default 64) TIMEOUT    seconds before the run is killed (default 120)
#   KEEP         keep the scratch folder (its path is printed on stderr)
#   CPU_EXTRA    more options for the bochsrc's cpu: line (e.g. quantum=1)
#
# Exit status: 0 when the log ends with "<guest>: DONE passed=N failed=0", 1 otherwise (also for guests that
# are meant to be stopped, such as wild_write and triple_fault: judge those by the log), 2 on usage errors.
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
CPUS=${CPUS:-2}
CPU_MODEL=${CPU_MODEL:-tigerlake}
MEGS=${MEGS:-64}
TIMEOUT=${TIMEOUT:-120}

if [ ! -f "$GUEST_ELF" ]; then
	echo "$0: no guest image $GUEST_ELF (build it, or set GUEST_ELF / BUILD_DIR)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/guests-native.XXXXXX")
cleanup() {
	if [ -n "${KEEP:-}" ]; then
		echo "$0: scratch kept in $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT INT TERM

mkdir -p "$work/iso/boot/grub"
cp "$GUEST_ELF" "$work/iso/boot/$guest.elf"
cat >"$work/iso/boot/grub/grub.cfg" <<EOF
set timeout=0
set default=0
menuentry "$guest" {
	multiboot /boot/$guest.elf $*
	boot
}
EOF
# BIOS-only ISO: the guest is Multiboot v1, booted by GRUB's i386-pc multiboot loader.
if ! grub-mkrescue -d /usr/lib/grub/i386-pc -o "$work/guest.iso" "$work/iso" >"$work/mkrescue.log" 2>&1; then
	cat "$work/mkrescue.log" >&2
	exit 2
fi

cat >"$work/bochsrc" <<EOF
megs: $MEGS
cpu: model=$CPU_MODEL, count=$CPUS, ips=100000000, reset_on_triple_fault=0${CPU_EXTRA:+, $CPU_EXTRA}
clock: sync=none
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$work/guest.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$work/serial.log
display_library: rfb, options="timeout=0"
log: $work/bochs.log
panic: action=fatal
error: action=report
EOF
printf 'c\nquit\n' >"$work/rc"

# Bochs exits with status 1 however the run ends; the serial log is the verdict.
timeout "$TIMEOUT" bochs -q -f "$work/bochsrc" -rc "$work/rc" </dev/null >"$work/bochs.out" 2>&1 || true

touch "$work/serial.log"
# How the emulator ended (a triple fault, a panic), for the reader; the guest's "Shutdown" says nothing.
grep -A1 'Bochs is exiting' "$work/bochs.out" | sed -n '2s/^/bochs: /p' >&2 || true
cat "$work/serial.log"
if grep -q "^$guest: DONE passed=[0-9]* failed=0\$" "$work/serial.log"; then
	exit 0
fi
exit 1
