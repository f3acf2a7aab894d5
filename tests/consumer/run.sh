#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds and runs the out-of-tree consumer (tests/consumer, its own Meson project) twice:
#   1. installed: hvkit configured with --prefix=WORK/inst -Dintegration=false, only its installed targets built,
#      `meson install`; the installed pkg-config files and headers checked; a program without a C library
#      (freestanding/freestanding.c) built on the freestanding archives and run; the consumer configured with
#      PKG_CONFIG_PATH=<installed libdir>/pkgconfig and nothing else (--wrap-mode=nofallback: no subproject);
#   2. subproject: a copy of the consumer whose subprojects/hvkit is a symlink to the hvkit source tree
#      (--wrap-mode=forcefallback: an installed hvkit cannot stand in); only the consumer target is built.
# Each run must exit 0 and end with the line 'consumer: PASS' ('freestanding: PASS').
#
# usage: run.sh HVKIT_SOURCE_DIR WORK_DIR
# WORK_DIR is emptied first and is the only place written to. Registered as meson test 'consumer'
# (suite consumer), with WORK_DIR inside the build folder. Environment: HVKIT_JOBS (default 2), MESON (default meson).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 HVKIT_SOURCE_DIR WORK_DIR" >&2
	exit 2
fi
SRC=$(cd "$1" && pwd)
WORK=$2
JOBS=${HVKIT_JOBS:-2}
MESON=${MESON:-meson}
LIBS=(vmx ept vtd vlapic sched scenario ratelimit guest_loader guest_rules guest_walk insn_decode icr_filter vacpi vdev hypercall)

say() { printf 'consumer test: %s\n' "$*"; }
fail() {
	say "FAILED: $*"
	exit 1
}

# step NAME CMD...: run CMD with its output in WORK/NAME.log; on failure show the log's end.
step() {
	local name=$1
	shift
	say "$name: $*"
	if ! "$@" >"$WORK/$name.log" 2>&1; then
		tail -n 60 "$WORK/$name.log"
		fail "$name: the command above failed (log: $WORK/$name.log)"
	fi
}

# run_program ROUTE EXE [PASS_LINE]: run it; it must exit 0 with PASS_LINE (default 'consumer: PASS') last.
run_program() {
	local route=$1 exe=$2 want=${3:-consumer: PASS} rc=0 last
	say "$route: running $exe"
	"$exe" >"$WORK/$route-run.log" 2>&1 || rc=$?
	sed 's/^/    /' "$WORK/$route-run.log"
	last=$(tail -n 1 "$WORK/$route-run.log")
	if [ "$rc" -ne 0 ] || [ "$last" != "$want" ]; then
		fail "$route: expected exit status 0 and last line '$want'; saw exit status $rc and last line '$last'"
	fi
	say "$route: PASS"
}

rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
t0=$SECONDS

# ---- 1. installed libraries, found with pkg-config only -------------------------------------------------------
B=$WORK/hvkit-build
step hvkit-setup "$MESON" setup "$B" "$SRC" --prefix="$WORK/inst" -Dintegration=false
# -Dintegration=false looks up no emulator, firmware, boot-media or UEFI tool.
looked_up=$(grep -E '^(Program|Run-time dependency|Library) \S+ found|^Has header ' "$B/meson-logs/meson-log.txt" | sort -u)
if grep -iqE 'bochs|qemu|ovmf|grub|xorriso|mtools|mformat|efi' <<<"$looked_up"; then
	fail "expected -Dintegration=false to look up nothing emulator-related; saw: $(grep -iE 'bochs|qemu|ovmf|grub|xorriso|mtools|mformat|efi' <<<"$looked_up")"
fi
say "-Dintegration=false looked up only: $(sed -E 's/ (found:|:) .*//; s/^(Program|Run-time dependency|Library|Has header) //' <<<"$looked_up" |
	grep -v '\.sh$' | tr '\n' ' ')"
# Build only what `meson install` copies (the archives), not the unit tests.
mapfile -t targets < <(python3 - "$B" <<'PY'
import json, os, subprocess, sys
b = sys.argv[1]
out = subprocess.run([os.environ.get('MESON', 'meson'), 'introspect', b, '--targets'],
                     stdout=subprocess.PIPE, check=True, text=True).stdout
for t in json.loads(out):
    if t.get('installed'):
        for f in t['filename']:
            print(os.path.relpath(f, b))
PY
)
[ ${#targets[@]} -eq $((2 * ${#LIBS[@]})) ] ||
	fail "expected $((2 * ${#LIBS[@]})) installed archives (2 per library); saw ${#targets[@]}: ${targets[*]}"
step hvkit-build ninja -C "$B" -j "$JOBS" "${targets[@]}"
step hvkit-install "$MESON" install -C "$B" --no-rebuild
libdir=$("$MESON" introspect "$B" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"][0])')
PCDIR=$WORK/inst/$libdir/pkgconfig
say "installed into $WORK/inst; pkg-config files in $PCDIR"

# Every .pc resolves; freestanding ones carry the ABI flags; hosted archives hold no sanitizer calls.
pcs=(hvkit-platform)
for l in "${LIBS[@]}"; do pcs+=("hvkit-$l" "hvkit-$l-hosted"); done
for pc in "${pcs[@]}"; do
	out=$(PKG_CONFIG_PATH=$PCDIR pkg-config --cflags --libs "$pc" 2>&1) || fail "pkg-config $pc: expected it to resolve; saw: $out"
	case $pc in
	hvkit-platform | *-hosted) want=() ;;
	*) want=(-ffreestanding -mno-red-zone -mgeneral-regs-only -mcmodel=small -fno-pie "-I$WORK/inst/include/hvkit/lib") ;;
	esac
	for f in "${want[@]}"; do
		[[ " $out " == *" $f "* ]] || fail "pkg-config --cflags --libs $pc: expected $f; saw: $out"
	done
	say "  $pc: $out"
done
for l in "${LIBS[@]}"; do
	a=$WORK/inst/$libdir/libhvkit-$l-hosted.a
	n=$(nm -u "$a" | grep -c -E '__(asan|ubsan)_' || true)
	[ "$n" -eq 0 ] || fail "$a: expected no sanitizer symbols; saw $n"
done
say "hosted archives: no sanitizer symbols"
# Every installed header compiles on its own with its library's Cflags (freestanding and hosted).
for l in "${LIBS[@]}"; do
	for flavour in "hvkit-$l" "hvkit-$l-hosted"; do
		for h in "$WORK/inst/include/hvkit/lib/$l"/*.h; do
			# shellcheck disable=SC2046
			printf '#include <%s/%s>\n' "$l" "$(basename "$h")" |
				cc -std=c11 -Wall -Wextra -Werror $(PKG_CONFIG_PATH=$PCDIR pkg-config --cflags "$flavour") \
					-x c -c -o /dev/null - 2>"$WORK/header.log" ||
				{ cat "$WORK/header.log"; fail "expected <$l/$(basename "$h")> to compile alone with $flavour's Cflags"; }
		done
	done
done
say "installed headers compile on their own with each flavour's Cflags"

# A program without a C library (freestanding/freestanding.c) on the freestanding archives and their Cflags only.
# shellcheck disable=SC2046
step freestanding-build cc -std=c11 -Wall -Wextra -Werror -nostdinc -idirafter "$(cc -print-file-name=include)" \
	-fstack-protector-strong -nostdlib -static -no-pie -o "$WORK/freestanding" "$SRC/tests/consumer/freestanding/freestanding.c" \
	$(PKG_CONFIG_PATH=$PCDIR pkg-config --cflags --libs hvkit-ept hvkit-vlapic hvkit-sched)
run_program freestanding "$WORK/freestanding" "freestanding: PASS"

step pkgconfig-setup env PKG_CONFIG_PATH="$PCDIR" "$MESON" setup "$WORK/consumer-pkgconfig" "$SRC/tests/consumer" \
	--wrap-mode=nofallback
step pkgconfig-build ninja -C "$WORK/consumer-pkgconfig" -j "$JOBS"
run_program pkgconfig "$WORK/consumer-pkgconfig/consumer"

# ---- 2. hvkit as a subproject of the consumer ----------------------------------------------------------------
S=$WORK/consumer-src
mkdir -p "$S/subprojects"
cp -R "$SRC/tests/consumer/meson.build" "$SRC/tests/consumer/src" "$S/"
ln -s "$SRC" "$S/subprojects/hvkit"
step subproject-setup env -u PKG_CONFIG_PATH "$MESON" setup "$WORK/consumer-subproject" "$S" --wrap-mode=forcefallback
for d in hvkit-platform hvkit-ept-hosted hvkit-vlapic-hosted; do
	grep -q "Dependency $d found: YES .* (overridden)" "$WORK/subproject-setup.log" ||
		fail "subproject: expected 'Dependency $d found: YES ... (overridden)' in $WORK/subproject-setup.log; saw: $(grep "$d" "$WORK/subproject-setup.log" || echo nothing)"
done
step subproject-build ninja -C "$WORK/consumer-subproject" -j "$JOBS" consumer
run_program subproject "$WORK/consumer-subproject/consumer"

say "all passed (freestanding program, pkg-config route, subproject route) in $((SECONDS - t0)) s"
