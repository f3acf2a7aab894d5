#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# make_efi.sh: links hvkit's UEFI loader with one hypervisor ELF embedded in it,
# giving a single PE32+ EFI application (e.g. EFI/BOOT/BOOTX64.EFI).
#
# usage: make_efi.sh <hypervisor.elf> <output.efi> <libhvkit_uefi_loader.a>
#                    [<crt0-efi-x86_64.o> <elf_x86_64_efi.lds> <gnu-efi libdir>]
# The last three default to Debian's gnu-efi (/usr/lib). LD and OBJCOPY may be
# set in the environment.
#
# From a mode recipe (modes/<mode>/meson.build), after boot/uefi is subdir()'d:
#
#   hvkit_partition_efi = custom_target('hvkit-partition.efi',
#     input: hv_elf,                        # the mode's hypervisor executable()
#     output: 'hvkit-partition.efi',
#     command: uefi_make_efi_command,       # [make_efi, '@INPUT@', '@OUTPUT@', uefi_loader_lib]
#     build_by_default: true)
#
# which is the same as
#   command: [uefi_make_efi, '@INPUT@', '@OUTPUT@', uefi_loader_lib]
# The embedded ELF is renamed to the symbols hvkit_hv_elf_start/hvkit_hv_elf_end
# (src/embedded_image.h), 16-byte aligned, in a read-only section.
set -eu

if [ $# -ne 3 ] && [ $# -ne 6 ]; then
	echo "usage: $0 <hypervisor.elf> <output.efi> <loader.a> [<crt0.o> <lds> <efi-libdir>]" >&2
	exit 2
fi
hv_elf=$1
out=$2
loader_lib=$3
crt0=${4:-/usr/lib/crt0-efi-x86_64.o}
lds=${5:-/usr/lib/elf_x86_64_efi.lds}
efi_libdir=${6:-/usr/lib}
LD=${LD:-ld}
OBJCOPY=${OBJCOPY:-objcopy}

for f in "$hv_elf" "$loader_lib" "$crt0" "$lds"; do
	[ -f "$f" ] || { echo "make_efi.sh: missing $f" >&2; exit 1; }
done
case $(head -c 4 "$hv_elf" | od -An -c | tr -d ' ') in
	177ELF) ;;
	*) echo "make_efi.sh: $hv_elf is not an ELF file" >&2; exit 1 ;;
esac

abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
loader_lib=$(abs "$loader_lib")
tmp=$(mktemp -d "$(abs "$out").tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A fixed file name gives fixed _binary_hv_elf_* symbols whatever the input path.
cp "$hv_elf" "$tmp/hv.elf"
(cd "$tmp" && "$OBJCOPY" -I binary -O elf64-x86-64 -B i386:x86-64 \
	--rename-section .data=.rodata.hvkit_hv_elf,alloc,load,readonly,data,contents \
	--set-section-alignment .rodata.hvkit_hv_elf=16 \
	--redefine-sym _binary_hv_elf_start=hvkit_hv_elf_start \
	--redefine-sym _binary_hv_elf_end=hvkit_hv_elf_end \
	--strip-symbol _binary_hv_elf_size \
	hv.elf hv_elf.o)

"$LD" -nostdlib -znocombreloc -z noexecstack -T "$lds" -shared -Bsymbolic --no-undefined \
	-L "$efi_libdir" "$crt0" "$tmp/hv_elf.o" "$loader_lib" -lefi -lgnuefi \
	-o "$tmp/loader.so"

"$OBJCOPY" -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
	-j .rel -j .rela -j '.rel.*' -j '.rela.*' -j .reloc \
	--target efi-app-x86_64 --subsystem=10 "$tmp/loader.so" "$tmp/out.efi"
mv "$tmp/out.efi" "$out"
