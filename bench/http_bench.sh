#!/usr/bin/env bash
# SSR throughput against a bare Deno.serve floor.
#
# Starts the app (deno task start, embedded defaults, a throwaway KIC_DATA_DIR, PORT=8123),
# waits for /healthz/ready, saves one server-rendered page, serves exactly those bytes from
# bench/bare_server.ts on 8124, runs the same wrk load against both and prints a table.
#
#   bash bench/http_bench.sh [path]      # default "/", or "/login" if "/" redirects
#
# Env: DURATION (10s), CONNECTIONS (32), THREADS (1), APP_PORT (8123), BARE_PORT (8124),
#      START_CMD (the command that starts the app; default "deno task start"),
#      KEEP_SERVICES=1 (use the configured DATABASE_URL/REDIS_URL/... instead of the embedded defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
[ -x .tools/node_modules/.bin/deno ] && export PATH=$PWD/.tools/node_modules/.bin:$PATH

path=${1:-/}
app_port=${APP_PORT:-8123}
bare_port=${BARE_PORT:-8124}
duration=${DURATION:-10s}
conns=${CONNECTIONS:-32}
threads=${THREADS:-1}

die() { echo "http_bench: $*" >&2; exit 1; }

command -v deno >/dev/null || die "deno not found (npm install --prefix .tools deno@2.9.6)"
if ! command -v wrk >/dev/null; then
  echo "installing wrk ..." >&2
  { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; } >/dev/null 2>&1 ||
    die "wrk is missing and could not be installed (apt-get install -y wrk)"
fi

work=$(mktemp -d -t kic-bench.XXXXXX)
app_pid="" bare_pid=""
stop() { # kill a server by pid (its process group when it leads one) and wait for it
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$bare_pid"
  stop "$app_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$app_port" && die "port $app_port is already in use"
port_busy "$bare_port" && die "port $bare_port is already in use"

# --- the app -------------------------------------------------------------------------------
mkdir -p "$work/data"
echo "starting the app on :$app_port (log: $work/app.log) ..." >&2
set -m # own process group, so cleanup also stops deno's children
if [ "${KEEP_SERVICES:-}" = 1 ]; then # benchmark on the configured DATABASE_URL, REDIS_URL, ...
  env KIC_MODE=development KIC_DATA_DIR="$work/data" PORT="$app_port" \
    ${START_CMD:-deno task start} >"$work/app.log" 2>&1 &
else # the embedded defaults
  env -u DATABASE_URL -u REDIS_URL -u S3_ENDPOINT -u SMTP_URL \
    KIC_MODE=development KIC_DATA_DIR="$work/data" PORT="$app_port" \
    ${START_CMD:-deno task start} >"$work/app.log" 2>&1 &
fi
app_pid=$!
set +m

ready=""
for _ in $(seq 1 120); do # 60 s
  if ! kill -0 "$app_pid" 2>/dev/null; then
    tail -n 30 "$work/app.log" >&2
    die "the app exited before it became ready"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/healthz/ready")" = 200 ]; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  tail -n 30 "$work/app.log" >&2
  die "the app did not answer 200 on /healthz/ready within 60 s"
fi

fetch() { # path -> writes $work/page.html, prints the status code
  curl -s -o "$work/page.html" -w '%{http_code}' "http://127.0.0.1:$app_port$1"
}
code=$(fetch "$path")
if [ -z "${1:-}" ] && [[ "$code" == 3* ]]; then
  echo "/ answered $code (redirect); benchmarking /login instead" >&2
  path=/login
  code=$(fetch "$path")
fi
[ "$code" = 200 ] || die "GET $path answered $code, expected 200 (a server-rendered page)"
grep -qi '<html' "$work/page.html" || die "GET $path did not return an HTML page"
bytes=$(wc -c <"$work/page.html")

# --- the bare floor ------------------------------------------------------------------------
set -m
deno run --allow-net=127.0.0.1 --allow-read="$work" bench/bare_server.ts "$bare_port" "$work/page.html" \
  >"$work/bare.log" 2>&1 &
bare_pid=$!
set +m
for _ in $(seq 1 40); do
  curl -sf -o /dev/null "http://127.0.0.1:$bare_port/" && break
  kill -0 "$bare_pid" 2>/dev/null || { cat "$work/bare.log" >&2; die "bare_server.ts exited"; }
  sleep 0.25
done
cmp -s "$work/page.html" <(curl -s "http://127.0.0.1:$bare_port/") ||
  die "the bare server does not serve the same bytes"

# --- load --------------------------------------------------------------------------------
run_wrk() { # url out
  wrk -t"$threads" -c"$conns" -d"$duration" --latency "$1" >"$2" 2>&1 || { cat "$2" >&2; die "wrk failed on $1"; }
  if grep -qE 'Non-2xx|Socket errors' "$2"; then
    echo "warning ($1):" >&2
    grep -E 'Non-2xx|Socket errors' "$2" >&2
  fi
}
echo "wrk -t$threads -c$conns -d$duration --latency: app $path ($bytes bytes) ..." >&2
run_wrk "http://127.0.0.1:$app_port$path" "$work/ssr.txt"
echo "wrk -t$threads -c$conns -d$duration --latency: bare server ..." >&2
run_wrk "http://127.0.0.1:$bare_port/" "$work/bare.txt"

rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99() { awk '$1 == "99%" { print $2 }' "$1"; }
to_ms() { # wrk latency like 812.00us, 3.21ms, 1.02s -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}
ssr_rps=$(rps "$work/ssr.txt")
bare_rps=$(rps "$work/bare.txt")
ssr_p99=$(to_ms "$(p99 "$work/ssr.txt")")
bare_p99=$(to_ms "$(p99 "$work/bare.txt")")
[ -n "$ssr_rps" ] && [ -n "$bare_rps" ] || die "could not read wrk output"

echo
echo "KIC SSR vs bare Deno.serve: GET $path, $bytes bytes, wrk -t$threads -c$conns -d$duration"
awk -v sr="$ssr_rps" -v br="$bare_rps" -v sp="$ssr_p99" -v bp="$bare_p99" 'BEGIN {
  printf "%-16s %12s\n", "metric", "value"
  printf "%-16s %12.0f\n", "ssr req/s", sr
  printf "%-16s %12.2f\n", "ssr p99 ms", sp
  printf "%-16s %12.0f\n", "bare req/s", br
  printf "%-16s %12.2f\n", "bare p99 ms", bp
  printf "%-16s %12.3f\n", "ssr/bare req/s", (br > 0 ? sr / br : 0)
  printf "%-16s %12.2f\n", "ssr/bare p99", (bp > 0 ? sp / bp : 0)
}'
