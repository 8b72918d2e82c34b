#!/usr/bin/env bash
# `deno task doc:lint`: every exported symbol of the public entry points (and of services/) has TSDoc.
# Deno warns about @types/node's triple-slash references it does not resolve; those warnings
# are noise here and are filtered out (errors and the exit status are kept).
set -o pipefail
# Every services/ module is checked, not only its entry points.
deno doc --lint lottery/mod.ts runtime/server.ts runtime/runtime.ts \
  utils/cookies.ts utils/errors.ts utils/lifecycle.ts utils/security.ts \
  $(find services -name '*.ts' ! -name '*_test.ts' | sort) 2>&1 |
  grep -v -E '^Warning Failed resolving types|^    at file:///.*/@types/node/'
rc=${PIPESTATUS[0]}
exit "$rc"
