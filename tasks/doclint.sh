#!/usr/bin/env bash
# `deno task doc:lint`: every exported symbol of the public entry points has TSDoc.
# Deno warns about @types/node's triple-slash references it does not resolve; those warnings
# are noise here and are filtered out (errors and the exit status are kept).
set -o pipefail
deno doc --lint lottery/mod.ts runtime/server.ts runtime/runtime.ts services/services.ts \
  services/db.ts services/cache.ts services/storage.ts services/mail.ts services/config.ts \
  services/testing/mod.ts 2>&1 |
  grep -v -E '^Warning Failed resolving types|^    at file:///.*/@types/node/'
rc=${PIPESTATUS[0]}
exit "$rc"
