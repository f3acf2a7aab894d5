#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Build hvkit's Linux test guest without installing anything on the host:
#
#   tests/linux/build.sh OUTDIR        (./hvkit test calls it as: tests/linux/build.sh build/linux)
#
# OUTDIR gets
#   bzImage          Debian 12's kernel: the linux-image-6.1.0-N-amd64 package that the linux-image-amd64
#                    metapackage's candidate version depends on, fetched with `apt-get download` and unpacked
#                    with `dpkg-deb -x` (never installed)
#   vmlinux          the uncompressed ELF kernel taken out of the bzImage (tests/linux/extract_vmlinux.py), which
#                    hvkit boots by the PVH entry (scenario kernel type "pvh")
#   initrd.cpio.gz   a tiny initramfs (cpio newc, gzip): /init (tests/linux/init), /bin/busybox (static, from
#                    busybox-static: the host's /bin/busybox when that package is installed, else fetched like the
#                    kernel), /bin/hvexit (tests/linux/hvexit.c, a freestanding static helper for the power-off
#                    ports and the TSC)
#   VERSION          which kernel and busybox went in
# Downloads are cached in OUTDIR/cache, so a rerun is offline and takes about a second. Idempotent: outputs are
# remade only when an input is newer.
#
# Environment: CC (default cc), KERNEL_PKG (a linux-image-* package name to use instead of the metapackage's),
# BUSYBOX=host|download (default: host when busybox-static is installed).
# Needs: apt-get, apt-cache, dpkg-deb, python3, gzip, a C compiler; no root unless apt-get download needs it.
set -eu

say() { printf 'linux/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
cache=$out/cache
mkdir -p "$cache"
CC=${CC:-cc}

# ---- which packages ----------------------------------------------------------------------------------------------
# The candidate of linux-image-amd64 and the exact linux-image-* package it depends on.
candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p'; }
if [ -z "${KERNEL_PKG:-}" ]; then
	meta_ver=$(candidate linux-image-amd64)
	if [ -n "$meta_ver" ] && [ "$meta_ver" != "(none)" ]; then
		KERNEL_PKG=$(apt-cache show "linux-image-amd64=$meta_ver" |
			sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*-amd64\).*/\1/p' | head -n 1)
		[ -n "$KERNEL_PKG" ] || die "cannot tell which kernel linux-image-amd64 $meta_ver depends on"
		say "linux-image-amd64 $meta_ver depends on $KERNEL_PKG"
	else
		# no apt lists (offline machine): the newest kernel already in the cache, if any
		KERNEL_PKG=$(ls "$cache" | sed -n 's/^\(linux-image-[0-9][^_]*-amd64\)_.*\.deb$/\1/p' | sort -V | tail -n 1)
		[ -n "$KERNEL_PKG" ] || die "apt knows no linux-image-amd64 and nothing is cached (run apt-get update, or set KERNEL_PKG)"
		say "apt knows no linux-image-amd64: using the cached $KERNEL_PKG"
	fi
fi
kver=$(candidate "$KERNEL_PKG")
[ -n "$kver" ] && [ "$kver" != "(none)" ] || kver=$(ls "$cache" | sed -n "s/^${KERNEL_PKG}_\([^_]*\)_amd64\.deb\$/\1/p" | tail -n 1)
[ -n "$kver" ] || die "apt knows no $KERNEL_PKG and none is cached"

# download PKG=VERSION into the cache. Run as root, apt-get download fetches as the unprivileged user _apt (its
# sandbox) and falls back to root, warning "Download is performed unsandboxed as root ... couldn't be accessed by
# user '_apt' ... Permission denied", when _apt cannot write where the file goes: so it downloads into a scratch
# folder that _apt owns, and the file is moved into the cache.
mib() { awk -v b="${1:-0}" 'BEGIN { printf "%.1f", b / 1048576 }'; }

download() {
	local dir=$cache dl=
	if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
		dl=$(mktemp -d "${TMPDIR:-/tmp}/hvkit-apt.XXXXXX")
		chown _apt "$dl"
		dir=$dl
	fi
	# progress: the bytes in the download folder every 5 s, against the size apt's package list gives
	local total wpid rc=0
	total=$(apt-cache show "$1" 2>/dev/null | sed -n 's/^Size: //p' | head -n 1)
	(
		while sleep 5; do
			got=$(du -sb --apparent-size "$dir" 2>/dev/null | cut -f1)
			[ -n "$dl" ] || got=$(find "$dir" -newer "$dir/.dl-start" -type f -printf '%s\n' 2>/dev/null |
				awk '{s += $1} END {print s + 0}')
			if [ -n "$total" ]; then
				say "downloading $1: $(mib "$got") of $(mib "$total") MiB ($((got * 100 / total))%)"
			else
				say "downloading $1: $(mib "$got") MiB so far"
			fi
		done
	) &
	wpid=$!
	touch "$dir/.dl-start"
	(cd "$dir" && apt-get download -q "$1" >&2) || rc=1
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	rm -f "$dir/.dl-start"
	if [ -n "$dl" ]; then
		[ $rc -eq 0 ] && mv "$dl"/*.deb "$cache"/ || rc=1
		rm -rf "$dl"
	fi
	[ $rc -eq 0 ] && say "downloaded $1 ($(mib "${total:-0}") MiB)"
	return $rc
}

# fetch PKG VERSION: the .deb in the cache (apt-get download names it PKG_VERSION-with-%3a_ARCH.deb)
fetch() {
	f=$(ls "$cache"/"$1"_*"$(echo "$2" | sed 's/:/%3a/')"_*.deb 2>/dev/null | head -n 1 || true)
	if [ -n "$f" ]; then
		say "cached: $(basename "$f")"
	else
		say "downloading $1=$2 into $cache (apt-get download; nothing is installed)"
		download "$1=$2" || die "apt-get download $1=$2 failed"
		f=$(ls "$cache"/"$1"_*"$(echo "$2" | sed 's/:/%3a/')"_*.deb | head -n 1)
	fi
	echo "$f"
}

# ---- kernel ------------------------------------------------------------------------------------------------------
kdeb=$(fetch "$KERNEL_PKG" "$kver")
if [ ! -f "$out/bzImage" ] || [ "$kdeb" -nt "$out/bzImage" ]; then
	say "unpacking boot/vmlinuz-* from $(basename "$kdeb")"
	rm -rf "$cache/kernel" && mkdir -p "$cache/kernel"
	dpkg-deb --fsys-tarfile "$kdeb" | (cd "$cache/kernel" && tar -x --wildcards './boot/vmlinuz-*' './boot/config-*')
	set -- "$cache"/kernel/boot/vmlinuz-*
	[ -f "$1" ] || die "no boot/vmlinuz-* in $kdeb"
	cp "$1" "$out/bzImage.tmp" && mv "$out/bzImage.tmp" "$out/bzImage"
	cp "$cache"/kernel/boot/config-* "$out/kernel.config"
	rm -rf "$cache/kernel"
else
	say "up to date: $out/bzImage"
fi

# ---- vmlinux (PVH direct boot) ------------------------------------------------------------------------------------
# The uncompressed ELF inside the bzImage (its XZ payload), which carries the PVH entry note (CONFIG_PVH=y).
if [ ! -f "$out/vmlinux" ] || [ "$out/bzImage" -nt "$out/vmlinux" ] || [ "$here/extract_vmlinux.py" -nt "$out/vmlinux" ]; then
	say "extracting vmlinux from the bzImage's XZ payload (extract_vmlinux.py)"
	python3 "$here/extract_vmlinux.py" "$out/bzImage" "$out/vmlinux" || die "cannot extract vmlinux from $out/bzImage"
else
	say "up to date: $out/vmlinux"
fi

# ---- busybox -----------------------------------------------------------------------------------------------------
bb_mode=${BUSYBOX:-}
if [ -z "$bb_mode" ]; then
	if [ "$(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null || true)" = "install ok installed" ]; then
		bb_mode=host
	else
		bb_mode=download
	fi
fi
if [ "$bb_mode" = host ]; then
	busybox=/bin/busybox
	bbver="busybox-static $(dpkg-query -W -f='${Version}' busybox-static) (installed on the host)"
	say "busybox: the host's $busybox ($bbver)"
else
	bver=$(candidate busybox-static)
	[ -n "$bver" ] && [ "$bver" != "(none)" ] ||
		bver=$(ls "$cache" | sed -n 's/^busybox-static_\([^_]*\)_amd64\.deb$/\1/p' | sed 's/%3a/:/' | tail -n 1)
	[ -n "$bver" ] || die "apt knows no busybox-static and none is cached"
	bdeb=$(fetch busybox-static "$bver")
	busybox=$cache/busybox
	if [ ! -f "$busybox" ] || [ "$bdeb" -nt "$busybox" ]; then
		say "unpacking bin/busybox from $(basename "$bdeb")"
		dpkg-deb --fsys-tarfile "$bdeb" | tar -xO ./bin/busybox >"$busybox.tmp"
		chmod 755 "$busybox.tmp" && mv "$busybox.tmp" "$busybox"
	fi
	bbver="busybox-static $bver (downloaded, not installed)"
fi
file_desc=$(od -An -tx1 -N4 "$busybox" | tr -d ' ')
[ "$file_desc" = 7f454c46 ] || die "$busybox is not an ELF file"

# ---- hvexit helper -----------------------------------------------------------------------------------------------
if [ ! -f "$out/hvexit" ] || [ "$here/hvexit.c" -nt "$out/hvexit" ]; then
	say "compiling hvexit ($CC, freestanding static ELF)"
	$CC -Os -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie -fno-asynchronous-unwind-tables \
		-Wall -Wextra -Werror -Wl,--build-id=none -o "$out/hvexit" "$here/hvexit.c"
fi

# ---- initramfs ---------------------------------------------------------------------------------------------------
initrd=$out/initrd.cpio.gz
stale=0
[ -f "$initrd" ] || stale=1
for f in "$here/init" "$here/mkcpio.py" "$out/hvexit" "$busybox"; do
	[ "$stale" = 1 ] || [ ! "$f" -nt "$initrd" ] || stale=1
done
if [ "$stale" = 1 ]; then
	say "making $initrd (cpio newc, gzip): /init, /bin/busybox, /bin/hvexit, /dev/console, /dev/null"
	root=$out/initramfs
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
	cp "$here/init" "$root/init" && chmod 755 "$root/init"
	cp "$busybox" "$root/bin/busybox" && chmod 755 "$root/bin/busybox"
	cp "$out/hvexit" "$root/bin/hvexit"
	python3 "$here/mkcpio.py" "$root" "$out/initrd.cpio"
	gzip -9 -n -f "$out/initrd.cpio"
	rm -rf "$root"
else
	say "up to date: $initrd"
fi

printf 'kernel: %s %s\nbusybox: %s\n' "$KERNEL_PKG" "$kver" "$bbver" >"$out/VERSION"
say "done: $out/bzImage ($(wc -c <"$out/bzImage") bytes), $out/vmlinux ($(wc -c <"$out/vmlinux") bytes), $initrd ($(wc -c <"$initrd") bytes)"
cat "$out/VERSION" >&2
