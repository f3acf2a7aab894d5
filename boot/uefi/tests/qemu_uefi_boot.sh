#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# qemu_uefi_boot.sh: boots a UEFI loader in QEMU (q35 + OVMF) from a FAT
# directory holding EFI/BOOT/BOOTX64.EFI and the given files; COM1 goes to a file.
#
# usage: qemu_uefi_boot.sh <loader.efi> <serial.log> [FILE | SRC=NAME]...
# env:   TIMEOUT (s, default 60), QEMU_SMP (default 2), QEMU_MEM (default 256M),
#        OVMF (default /usr/share/ovmf/OVMF.fd), QEMU_EXTRA (more arguments)
# Exit status: QEMU's (isa-debug-exit at 0xf4 gives (N << 1) | 1), 124 on timeout.
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 <loader.efi> <serial.log> [FILE | SRC=NAME]..." >&2
	exit 2
fi
loader=$1
log=$2
shift 2

dir=$(mktemp -d /tmp/uefi-qemu.XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/EFI/BOOT"
cp "$loader" "$dir/EFI/BOOT/BOOTX64.EFI"
for arg in "$@"; do
	case $arg in
	*=*) mkdir -p "$(dirname "$dir/${arg#*=}")" && cp "${arg%%=*}" "$dir/${arg#*=}" ;;
	*) cp "$arg" "$dir/" ;;
	esac
done

# shellcheck disable=SC2086
timeout "${TIMEOUT:-60}" qemu-system-x86_64 -machine q35 -m "${QEMU_MEM:-256M}" -smp "${QEMU_SMP:-2}" \
	-bios "${OVMF:-/usr/share/ovmf/OVMF.fd}" \
	-drive "file=fat:rw:$dir,format=raw" \
	-serial "file:$log" -display none -monitor none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 ${QEMU_EXTRA:-}
