#!/usr/bin/env bash
# Benchmarks the delegator's Redis store over HTTP with wrk:
#   1. renew of one lease, 32 connections (-t2 -c32 -d20s --latency)
#   2. register + release pairs, same load
# Starts its own redis-server on a free port and the delegator jar, and stops both at the end.
# Usage: [WARMUP=seconds] [JAVA_OPTS=...] benchmarks/wrk/run-delegator-bench.sh [duration, default 20s]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${1:-20s}
WARMUP=${WARMUP:-20}   # seconds of each phase before measuring (JIT compilation)
API_KEY=bench-key
WORK=$(mktemp -d)

for tool in wrk redis-server curl java; do
    command -v "$tool" >/dev/null || { echo "needs $tool (Debian: apt-get install -y wrk redis-server curl)" >&2; exit 1; }
done

JAR=$(ls "$ROOT"/delegator-service/target/snowcloud-delegator-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then
    ./mvnw -B -q -pl delegator-service -am package -DskipTests
    JAR=$(ls "$ROOT"/delegator-service/target/snowcloud-delegator-*.jar | grep -v original | head -1)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
REDIS_PORT=$(free_port)
HTTP_PORT=$(free_port)

cleanup() {
    [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
    [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log" &
REDIS_PID=$!

# A brand-new pool on a throwaway Redis that nothing used before: no recovery to wait for.
java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$HTTP_PORT" --spring.main.banner-mode=off \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
    --snowcloud.delegator.api-keys="$API_KEY" --snowcloud.delegator.recovery-period=0 \
    --snowcloud.delegator.unsafe.allow-short-recovery=true \
    --logging.level.root=WARN > "$WORK/delegator.log" 2>&1 &
APP_PID=$!

BASE="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
    curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fs "$BASE/actuator/health" >/dev/null || { echo "delegator did not start:"; cat "$WORK/delegator.log"; exit 1; }

LEASE=$(curl -fs -X POST "$BASE/workers" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"name":"bench"}')
export WORKER_ID=$(echo "$LEASE" | sed -E 's/.*"workerId":([0-9]+).*/\1/')
export LEASE_TOKEN=$(echo "$LEASE" | sed -E 's/.*"leaseToken":"([^"]+)".*/\1/')
export API_KEY

echo "== machine: $(nproc) cores, $(uname -srm), $(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f3)"
echo "== date: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up (JIT): ${WARMUP}s register/release + ${WARMUP}s renew, not reported"
wrk -t2 -c32 -d"${WARMUP}s" -s benchmarks/wrk/register-release.lua "$BASE" >/dev/null
wrk -t2 -c32 -d"${WARMUP}s" -s benchmarks/wrk/renew.lua "$BASE" >/dev/null
sleep 5   # let the JIT finish compiling before measuring

echo "== renew: wrk -t2 -c32 -d$DURATION --latency -s benchmarks/wrk/renew.lua"
wrk -t2 -c32 -d"$DURATION" --latency -s benchmarks/wrk/renew.lua "$BASE" | tee "$WORK/renew.txt"

echo "== register + release: wrk -t2 -c32 -d$DURATION --latency -s benchmarks/wrk/register-release.lua"
wrk -t2 -c32 -d"$DURATION" --latency -s benchmarks/wrk/register-release.lua "$BASE" | tee "$WORK/pairs.txt"

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
echo
echo "== summary"
echo "renew:            $(rps "$WORK/renew.txt") req/s, p99 $(p99 "$WORK/renew.txt")"
echo "register+release: $(rps "$WORK/pairs.txt") req/s = $(awk -v r="$(rps "$WORK/pairs.txt")" 'BEGIN {printf "%.0f", r / 2}') pairs/s, p99 $(p99 "$WORK/pairs.txt")"
curl -fs "$BASE/workers" -H "Authorization: Bearer $API_KEY" | sed -E 's/,"leases":.*//' | sed 's/^/pool after the run: /'
echo
echo "lease outcomes counted by the delegator (warm-up included):"
curl -fs "$BASE/actuator/prometheus" | grep '^snowcloud_leases_total' | grep -v ' 0.0$' | sed 's/^/  /'
