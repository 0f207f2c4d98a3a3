#!/usr/bin/env bash
# Measures the device doors of a running server on loopback, next to Redis's own XADD rate in the same run.
#
#   tools/door-benchmark.sh
#
# Needs: the jar (./mvnw -B -q package -DskipTests), a server started as in the README, PULSE_ADMIN_TOKEN set
# to its admin token, and redis-benchmark. Ports come from URL (http://127.0.0.1:8080), TCP (127.0.0.1:9000),
# UDP (127.0.0.1:9505) and WS (ws://127.0.0.1:1215/); REDIS_HOST/REDIS_PORT name the server's Redis.
#
# The load command creates an app and one device per connection, sends CONNECTIONS x FIXES fixes through each
# door with acks (at most WINDOW in flight per device; UDP_WINDOW for UDP, where a larger burst overflows the
# kernel's receive buffer) and prints what was acknowledged and what the server counted into Redis. Then
# redis-benchmark runs XADD with 50 clients on a key of its own (BENCH_KEY), which is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=${URL:-http://127.0.0.1:8080}
TCP=${TCP:-127.0.0.1:9000}
UDP=${UDP:-127.0.0.1:9505}
WS=${WS:-ws://127.0.0.1:1215/}
CONNECTIONS=${CONNECTIONS:-50}
FIXES=${FIXES:-1000}
WINDOW=${WINDOW:-64}
UDP_WINDOW=${UDP_WINDOW:-8}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
BENCH_KEY=${BENCH_KEY:-pulsetracker-door-benchmark:xadd}
: "${PULSE_ADMIN_TOKEN:?set PULSE_ADMIN_TOKEN to the admin token of the server}"

load() {
  java -jar target/pulsetracker.jar load --url "$URL" --tcp "$TCP" --udp "$UDP" --ws "$WS" \
       --connections "$CONNECTIONS" "$@"
}

# a first short pass warms the server's JIT, so that the measured pass is not mostly compilation
load --doors tcp,udp,websocket,http --fixes 200 --window "$UDP_WINDOW" > /dev/null
load --doors tcp,websocket,http --fixes "$FIXES" --window "$WINDOW"
load --doors udp --fixes "$FIXES" --window "$UDP_WINDOW"

trap 'redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" DEL "$BENCH_KEY" > /dev/null' EXIT
# -q still prints a progress line per second, ended by \r: keep the last
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 50 -n 200000 -q \
  XADD "$BENCH_KEY" '*' fix '{"device":1,"lat":36.75,"lng":3.06,"recorded_at":1710000000000,"protocol":"tcp"}' \
  | tr '\r' '\n' | tail -n 1
