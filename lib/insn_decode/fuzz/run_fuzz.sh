#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run the MMIO instruction decoder's fuzzer briefly: run_fuzz.sh FUZZER CORPUS_DIR SEED_DIR
# The corpus starts from the seeds (a mode byte, 0/1/2 = 16/32/64-bit, then instruction bytes);
# libFuzzer exits non-zero on any crash or broken invariant.
set -eu
fuzzer=$1; corpus=$2; seeds=$3
mkdir -p "$corpus"
cp "$seeds"/* "$corpus"/
# Crash artifacts go beside the corpus (in the build folder), never into the source tree.
exec "$fuzzer" -artifact_prefix="$corpus/../fuzz-mmio-insn-" -error_exitcode=1 -timeout_exitcode=1 -runs=5000000 -max_total_time=15 -max_len=24 \
  -seed=1 "$corpus"
