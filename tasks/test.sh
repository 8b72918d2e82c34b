#!/usr/bin/env bash
# Runs the whole test suite and ends with a plain "N passed, N failed" line.
# Usage: deno task test [extra deno test args]
# With KIC_TEST_REAL=1 and DATABASE_URL/REDIS_URL set, the contract tests also run on the real
# services (see .ci/run); without them everything runs on the embedded defaults.
set -o pipefail
export NO_COLOR=1
log=${KIC_TEST_LOG:-$(mktemp -t kic-test.XXXXXX)}
deno test -A --parallel "$@" 2>&1 | tee "$log"
rc=$?
sum=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$log" | tail -1)
p=$(sed -nE 's/.*\| ([0-9]+) passed.*/\1/p' <<<"$sum")
f=$(sed -nE 's/.*\| ([0-9]+) failed.*/\1/p' <<<"$sum")
i=$(sed -nE 's/.*\| ([0-9]+) ignored.*/\1/p' <<<"$sum")
if [ -z "$sum" ] && [ "$rc" -ne 0 ]; then f=1; fi
echo "${p:-0} passed, ${f:-0} failed, ${i:-0} skipped"
exit $rc
