#!/usr/bin/env bash
# Runs the whole test suite, prints line coverage of lottery/, domain/, services/ and runtime/,
# and ends with a plain "N passed, N failed" line (a lottery/ coverage below 95% counts as a
# failure).
# Usage: deno task test [extra deno test args]
# With KIC_TEST_REAL=1 and DATABASE_URL/REDIS_URL set, the contract tests also run on the real
# services (see .ci/run); without them everything runs on the embedded defaults.
set -o pipefail
export NO_COLOR=1
log=${KIC_TEST_LOG:-$(mktemp -t kic-test.XXXXXX)}
cov=$(mktemp -d -t kic-cov.XXXXXX)
deno test -A --parallel --coverage="$cov" "$@" 2>&1 | tee "$log"
rc=$?
sum=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$log" | tail -1)
p=$(sed -nE 's/.*\| ([0-9]+) passed.*/\1/p' <<<"$sum")
f=$(sed -nE 's/.*\| ([0-9]+) failed.*/\1/p' <<<"$sum")
i=$(sed -nE 's/.*\| ([0-9]+) ignored.*/\1/p' <<<"$sum")
if [ -z "$sum" ] && [ "$rc" -ne 0 ]; then f=1; fi
echo
if deno coverage "$cov" --lcov --output="$cov/all.lcov" >/dev/null 2>&1; then
  if ! deno run -A tasks/coverage.ts "$cov/all.lcov"; then
    f=$((${f:-0} + 1)); rc=1
  fi
else
  echo "coverage: could not be computed"
fi
rm -rf "$cov"
echo "${p:-0} passed, ${f:-0} failed, ${i:-0} skipped"
exit $rc
