#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# expect_message.sh TOOL FILE "LINE" [OPTION...]: hvkit-scenario check FILE [OPTION...] must exit 1 and print
# LINE exactly.
tool=$1; file=$2; line=$3
shift 3
out=$("$tool" check "$file" "$@" 2>&1); rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 1 ] || { echo "exit status $rc, expected 1"; exit 1; }
printf '%s\n' "$out" | grep -qxF -- "$line" || { echo "missing line: $line"; exit 1; }
