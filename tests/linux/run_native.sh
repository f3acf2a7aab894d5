#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Boot the Linux test guest NATIVELY in Bochs (no hypervisor): legacy BIOS -> GRUB (BIOS ISO; GRUB's `linux` and
# `initrd` commands, not Multiboot) -> Debian's bzImage + the busybox initramfs made by tests/linux/build.sh.
# This is the baseline that the hvkit-hosted Linux cases compare with.
#
#   tests/linux/run_native.sh [LINUXDIR]        LINUXDIR: build.sh's OUTDIR (default <repo>/build/linux)
#
# Environment:
#   CPUS       Bochs CPUs (default 1)            CPU_MODEL  Bochs model (default corei7_skylake_x: Debian's kernel
#   IPS        Bochs ips (default 50000000)                 hangs early on tigerlake/icelake)
#   MEGS       RAM in MiB (default 256)          TIMEOUT    seconds before the run is killed (default 300)
#   ARGS       the whole kernel command line (default: $BASE_ARGS below, with tsc_early_khz from IPS)
#   EXTRA      appended to the kernel command line
#   LOGDIR     keep serial.log, bochsrc, bochs.log, bochs.out, grub.cfg there (default: a scratch folder, removed)
#
# Prints the serial log, then "native: wall <s> s" and the /init figures. Exit status 0 when /init was reached and
# the emulator ended by itself (not by the timeout), 1 otherwise, 2 on usage errors.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
LINUXDIR=${1:-$repo/build/linux}
CPUS=${CPUS:-1}
CPU_MODEL=${CPU_MODEL:-corei7_skylake_x}
IPS=${IPS:-50000000}
MEGS=${MEGS:-256}
TIMEOUT=${TIMEOUT:-300}
# The stock command line plus what Bochs needs (the same as tests/integration/linux_native.py, which says why):
# Linux would take Bochs's TSC (one tick per instruction, ips a second) for the 3.5 GHz its CPUID claims on
# skylake_x, so it is told the truth (kHz = ips/1000); the console runs at 115200 baud, which Bochs's UART honours.
BASE_ARGS="console=ttyS0,115200 tsc_early_khz=$((IPS / 1000))"
ARGS=${ARGS:-$BASE_ARGS}
[ -z "${EXTRA:-}" ] || ARGS="$ARGS $EXTRA"

for f in bzImage initrd.cpio.gz; do
	if [ ! -f "$LINUXDIR/$f" ]; then
		echo "$0: no $LINUXDIR/$f (run tests/linux/build.sh $LINUXDIR first)" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/linux-native.XXXXXX")
cleanup() {
	if [ -n "${LOGDIR:-}" ]; then
		mkdir -p "$LOGDIR"
		for f in serial.log bochsrc bochs.log bochs.out grub.cfg; do
			[ ! -f "$work/$f" ] || cp "$work/$f" "$LOGDIR/"
		done
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/iso/boot/grub"
cp "$LINUXDIR/bzImage" "$LINUXDIR/initrd.cpio.gz" "$work/iso/boot/"
cat >"$work/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
set timeout_style=hidden
set default=0
menuentry "linux" {
	set gfxpayload=text
	linux /boot/bzImage $ARGS
	initrd /boot/initrd.cpio.gz
	boot
}
CFG
cp "$work/iso/boot/grub/grub.cfg" "$work/grub.cfg"
# BIOS-only ISO (i386-pc GRUB): smaller and quicker to make than the hybrid one.
if ! grub-mkrescue -d /usr/lib/grub/i386-pc -o "$work/boot.iso" "$work/iso" >"$work/mkrescue.log" 2>&1; then
	cat "$work/mkrescue.log" >&2
	exit 2
fi
rm -rf "$work/iso"

# pci/i440fx: the PIIX4 ACPI power-management device, so that poweroff -f (ACPI S5) can end the run too.
cat >"$work/bochsrc" <<RC
megs: $MEGS
cpu: model=$CPU_MODEL, count=$CPUS, ips=$IPS, reset_on_triple_fault=0
clock: sync=none, time0=local
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path=$work/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$work/serial.log
port_e9_hack: enabled=1
display_library: rfb, options="timeout=0"
mouse: enabled=0
speaker: enabled=0
log: $work/bochs.log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
RC
printf 'c\nquit\n' >"$work/rc"
: >"$work/serial.log"

echo "native: $CPUS CPU(s), $CPU_MODEL, ips=$IPS, ${MEGS} MiB; kernel args: $ARGS" >&2
t0=$(date +%s.%N)
status=0
timeout --kill-after=5 "$TIMEOUT" bochs -q -f "$work/bochsrc" -rc "$work/rc" </dev/null >"$work/bochs.out" 2>&1 || status=$?
t1=$(date +%s.%N)

tr -d '\r' <"$work/serial.log"
wall=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
echo "native: wall $wall s (bochs status $status; 124 = killed at the ${TIMEOUT}s timeout)"
grep -A1 'Bochs is exiting' "$work/bochs.out" | sed -n '2s/^/native: bochs: /p' || true
grep -m1 -iE 'shutdown port|ACPI.*(power|off)|power.?off' "$work/bochs.log" | sed 's/^/native: bochs.log: /' || true
[ "$status" -ne 124 ] && [ "$status" -ne 137 ] && grep -q '^linux: init reached' "$work/serial.log"
