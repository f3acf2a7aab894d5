#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# make_esp.sh: an EFI system partition image (FAT) and/or a UEFI-bootable ISO
# holding one loader as EFI/BOOT/BOOTX64.EFI plus extra files at the volume root.
#
# usage: make_esp.sh [--img OUT.img] [--iso OUT.iso] <loader.efi> [FILE | SRC=NAME]...
#   FILE      copied to the root of the FAT volume under its base name
#   SRC=NAME  copied as NAME (e.g. build/guest.bin=guest.bin, cfg.txt=hvkit.cfg)
# The ISO's El Torito boot image (efiboot.img, -no-emul-boot) is that FAT image,
# so the loader finds hvkit.cfg and its modules on its own volume either way.
# Needs dosfstools (mkfs.vfat), mtools (mmd, mcopy) and, for --iso, xorriso.
set -eu

img= iso=
while [ $# -gt 0 ]; do
	case $1 in
	--img) img=$2; shift 2 ;;
	--iso) iso=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "make_esp.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -lt 1 ] || { [ -z "$img" ] && [ -z "$iso" ]; }; then
	echo "usage: $0 [--img OUT.img] [--iso OUT.iso] <loader.efi> [FILE | SRC=NAME]..." >&2
	exit 2
fi
loader=$1
shift

tmp=$(mktemp -d /tmp/uefi-esp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fat=$tmp/efiboot.img

# Size: the files plus 1 MiB of room for FAT metadata, at least 2 MiB (in KiB).
total=$(wc -c < "$loader")
for arg in "$@"; do
	total=$((total + $(wc -c < "${arg%%=*}")))
done
kib=$((total / 1024 + 1024))
[ $kib -ge 2048 ] || kib=2048

mkfs.vfat -C -n HVKIT "$fat" $kib > /dev/null
mmd -i "$fat" ::/EFI ::/EFI/BOOT
mcopy -i "$fat" "$loader" ::/EFI/BOOT/BOOTX64.EFI
for arg in "$@"; do
	case $arg in
	*=*) src=${arg%%=*}; name=${arg#*=} ;;
	*) src=$arg; name=$(basename "$arg") ;;
	esac
	sub=$(dirname "$name") made=
	while [ "$sub" != . ] && [ "$sub" != / ]; do
		made="$sub $made"
		sub=$(dirname "$sub")
	done
	for d in $made; do
		mmd -i "$fat" "::/$d" 2> /dev/null || true
	done
	mcopy -i "$fat" "$src" "::/$name"
done

if [ -n "$iso" ]; then
	mkdir "$tmp/iso"
	cp "$fat" "$tmp/iso/efiboot.img"
	xorriso -as mkisofs -quiet -V HVKIT -o "$iso" -e efiboot.img -no-emul-boot "$tmp/iso"
fi
if [ -n "$img" ]; then
	mv "$fat" "$img"
fi
