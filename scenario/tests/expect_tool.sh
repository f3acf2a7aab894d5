#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# expect_tool.sh RC TEXT TOOL ARGS...: running TOOL ARGS... must exit with RC and print a line containing TEXT
# (stdout or stderr; TEXT "" checks the status only). The output is shown either way.
want_rc=$1; text=$2; shift 2
out=$("$@" 2>&1); rc=$?
printf '%s\n' "$out"
[ "$rc" -eq "$want_rc" ] || { echo "exit status $rc, expected $want_rc"; exit 1; }
[ -z "$text" ] || printf '%s\n' "$out" | grep -qF -- "$text" || { echo "missing: $text"; exit 1; }
