#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# tests/linux/dm/build.sh BUILD: what the Linux User VM case (share-linux-user-vm-disk, tests/integration/
# share_linux_dm.py) needs, in BUILD/linux/dm/:
#   service-initrd.cpio.gz  the Service VM's initramfs: busybox, hvexit, hvkit.ko, service-init as /init and
#                           the ata_piix, sd_mod (the machine's disk with Debian's own driver), ext4, loop and
#                           tun modules with what they need, from the kernel package tests/linux/build.sh
#                           downloaded. No test data: hvkit-dm, the User VM's kernel, initramfs and disk are on
#                           the machine's disk.
#   disk.img                the machine's disk (Bochs ATA, ata0-slave): an ext4 file system (mke2fs -d: no root,
#                           no loop device) holding hvkit-dm, the User VM's kernel (vmlinux, PVH entry, and the
#                           bzImage it came from), its initramfs and its root disk image (ext4 too)
# Run after tests/linux/build.sh, linux_driver/build.sh and the meson build (hvkit-dm).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 BUILD" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
lx=$build/linux
out=$lx/dm
say() { printf 'linux/dm/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [ -x "$lx/cache/busybox" ]; then busybox=$lx/cache/busybox; else busybox=/bin/busybox; fi
dm=$build/device_model/hvkit-dm
for f in "$busybox" "$lx/hvexit" "$lx/hvkit.ko" "$lx/vmlinux" "$lx/bzImage" "$lx/VERSION" "$dm"; do
	[ -f "$f" ] || die "missing $f (build it first: tests/linux/build.sh, linux_driver/build.sh, ninja)"
done
kdeb=$(ls "$lx"/cache/linux-image-*-amd64_*.deb 2>/dev/null | sort -V | tail -n 1)
[ -n "$kdeb" ] || die "no linux-image .deb in $lx/cache (tests/linux/build.sh downloads it)"
command -v mke2fs >/dev/null || die "mke2fs missing (package e2fsprogs)"

stamp=$out/.stamp
stale=0
[ -f "$stamp" ] || stale=1
for f in "$here"/* "$busybox" "$lx/hvexit" "$lx/hvkit.ko" "$lx/vmlinux" "$lx/bzImage" "$kdeb" "$dm" "$here/../mkcpio.py" \
	"$here/../modules.py"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$stamp" ] || stale=1
done
if [ "$stale" = 0 ]; then
	say "up to date: $out"
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
work=$out/work

# cpio ROOT NAME: ROOT as the gzip'd initramfs NAME
cpio() {
	python3 "$here/../mkcpio.py" "$1" "$out/$2.cpio"
	gzip -9 -n -f "$out/$2.cpio"
}
# base ROOT INIT: busybox, hvexit and INIT as /init
base() {
	mkdir -p "$1/bin" "$1/dev" "$1/proc" "$1/sys" "$1/tmp" "$1/mnt" "$1/lib/modules"
	cp "$2" "$1/init" && chmod 755 "$1/init"
	cp "$busybox" "$1/bin/busybox" && chmod 755 "$1/bin/busybox"
	cp "$lx/hvexit" "$1/bin/"
}

say "Service VM initramfs: busybox, hvexit, hvkit.ko, ata_piix/sd_mod/ext4/loop/tun modules from $(basename "$kdeb")"
base "$work/service" "$here/service-init"
cp "$lx/hvkit.ko" "$work/service/lib/hvkit.ko"
python3 "$here/../modules.py" "$kdeb" "$work/service/lib/modules" ata_piix sd_mod ext4 loop tun
cpio "$work/service" service-initrd

say "User VM initramfs: busybox, hvexit, blkbench, virtio (pci, blk, net, console) and ext4 modules"
base "$work/user" "$here/user-init"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static -o "$work/user/bin/blkbench" "$here/blkbench.c"
python3 "$here/../modules.py" "$kdeb" "$work/user/lib/modules" virtio_pci virtio_blk virtio_net virtio_console ext4
cpio "$work/user" user-initrd

# The User VM's root file system: a marker the User VM checks, so a wrong disk is told apart from no disk.
say "User VM root disk: ext4, 16 MiB"
mkdir -p "$work/root"
echo "hvkit user root" >"$work/root/IDENTITY"
truncate -s 16M "$work/user-root.img"
mke2fs -q -F -t ext4 -L userroot -d "$work/root" "$work/user-root.img"

say "the machine's disk: ext4 with hvkit-dm, vmlinux, bzImage, the User VM's initramfs and root disk"
mkdir -p "$work/disk/user"
cp "$dm" "$work/disk/hvkit-dm"
cp "$lx/vmlinux" "$work/disk/user/vmlinux"
cp "$lx/bzImage" "$work/disk/user/bzImage"
cp "$out/user-initrd.cpio.gz" "$work/disk/user/initrd.cpio.gz"
mv "$work/user-root.img" "$work/disk/user/root.img"
# A size Bochs takes as a flat ATA disk: whole cylinders of 16 heads x 63 sectors (516,096 bytes).
kib=$(du -sk "$work/disk" | cut -f1)
cyl=$(( (kib * 1024 * 11 / 10 + 8 * 1048576) / 516096 + 1 ))
truncate -s $((cyl * 516096)) "$out/disk.img"
mke2fs -q -F -t ext4 -L hvkitdisk -d "$work/disk" "$out/disk.img"
rm -rf "$work"
touch "$stamp"
say "made $out: $(ls "$out" | tr '\n' ' ')($cyl cylinders)"
