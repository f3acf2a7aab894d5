#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bochs_uefi_boot.sh: boots a UEFI loader in Bochs with OVMF from an ISO whose
# El Torito EFI image (made by ../make_esp.sh) holds EFI/BOOT/BOOTX64.EFI and
# the given files; COM1 goes to a file, port 0xE9 to Bochs's stdout.
#
# usage: bochs_uefi_boot.sh <loader.efi> <serial.log> [FILE | SRC=NAME]...
# env:   TIMEOUT (s, default 240), BOCHS_CPUS (default 2), BOCHS_MODEL (default
#        tigerlake), BOCHS_MEM (MiB, default 256), OVMF (default /usr/share/ovmf/OVMF.fd),
#        BOCHS_OUT (file for Bochs's own output, default <serial.log>.bochs)
# Bochs exits with 1 however the run ends: decide from the serial log.
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 <loader.efi> <serial.log> [FILE | SRC=NAME]..." >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
loader=$1
log=$2
shift 2

dir=$(mktemp -d /tmp/uefi-bochs.XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$here/../make_esp.sh" --iso "$dir/boot.iso" "$loader" "$@" || exit 1

cat > "$dir/bochsrc" <<RC
megs: ${BOCHS_MEM:-256}
romimage: file=${OVMF:-/usr/share/ovmf/OVMF.fd}, address=0xffe00000
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx
cpu: model=${BOCHS_MODEL:-tigerlake}, count=${BOCHS_CPUS:-2}, ips=100000000, reset_on_triple_fault=0
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=$dir/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$dir/com1.log
port_e9_hack: enabled=1
display_library: rfb, options="timeout=0"
clock: sync=none, time0=local
log: $dir/bochs.log
panic: action=fatal
error: action=report
RC
printf 'c\nquit\n' > "$dir/rc"
# Bochs 2.7 aborts ("buffer overflow detected") when glibc's MALLOC_PERTURB_ is set, as meson test sets it.
timeout "${TIMEOUT:-240}" env -u MALLOC_PERTURB_ bochs -q -f "$dir/bochsrc" -rc "$dir/rc" < /dev/null > "${BOCHS_OUT:-$log.bochs}" 2>&1
status=$?
cp "$dir/com1.log" "$log" 2> /dev/null
cp "$dir/bochs.log" "${BOCHS_OUT:-$log.bochs}.log" 2> /dev/null
exit $status
