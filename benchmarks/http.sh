#!/usr/bin/env bash
# Full-system HTTP benchmark: the example app's GET /ids (one ID, 1,000 and 10,000 IDs),
# the delegator's renew on the Redis store, and nginx as the local HTTP ceiling, all on
# loopback on this machine, in one run. GET /ids is measured twice: on the example app
# as it ships (Spring MVC all the way) and on a second one with its optional fast path
# on (example.ids.fast-path.enabled=true), which is what that tuning buys. count=10000 is
# measured on the app as shipped (one worker ID) and on a third app that asks for
# MULTI_WORKERS worker IDs (snowcloud.generator.workers), side by side.
#
#   benchmarks/http.sh
#   DURATION=15 WARMUP=20 ROUNDS=3 STARTS=3 THREADS=2 CONNECTIONS=32 START_TIMEOUT=120 MULTI_WORKERS=4 benchmarks/http.sh   (the defaults)
#   KEEP=dir benchmarks/http.sh      also keeps every wrk output and the logs in dir
#
# What it does:
#   1. builds the jars (./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am);
#   2. starts its own redis-server, the delegator (Redis store) and the example app leasing
#      its worker ID through it, with run.sh's default JAVA_OPTS (read from run.sh, so the
#      figures are those of the system as a user runs it; JAVA_OPTS=... overrides);
#   3. measures the example app's start-up, launch to the first ID served, STARTS times
#      (the app is stopped between starts; the last one stays up for the load);
#   4. starts a second example app with the fast path on (and server.tomcat.threads.max=4)
#      for the "fast" target, and a third with --snowcloud.generator.workers=$MULTI_WORKERS
#      for the "multi" target; it reads how many worker IDs that one really holds from
#      /actuator/snowcloud and reports it beside the figure (a build without the property
#      holds one);
#   5. starts nginx (own prefix and config in a temp dir) answering a fixed 18-byte
#      text/plain body: what HTTP on loopback costs at best on this machine;
#   6. warms every target up (WARMUP seconds each, twice that for renew), then runs ROUNDS rounds of
#      wrk -t$THREADS -c$CONNECTIONS -d$DURATION against nginx, /ids, /ids on the fast path,
#      /ids?count=1000, /ids?count=10000 (one worker ID), /ids?count=10000 on the multi-worker
#      app and POST /workers/{id}/renew, in that order;
#   7. prints the raw rounds and a table of medians against the targets, and the example
#      app's resident memory (VmRSS) after the load.
# Every process it started is stopped on exit. Exits non-zero when something fails (a
# process that does not start, a wrong answer, non-2xx responses or socket errors under
# load), not when a target is missed: that is reported in the table.
#
# Needs: a JDK 17+, wrk, nginx, redis-server, curl. When wrk or nginx is missing and the
# script runs as root on a Debian/Ubuntu machine it installs them with apt-get (the nginx
# package may enable the system's nginx service; the benchmark never uses it); otherwise
# it says what to install and stops.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15}      # seconds per measured wrk run
WARMUP=${WARMUP:-20}          # seconds of warm-up per target before the first round
ROUNDS=${ROUNDS:-3}
STARTS=${STARTS:-3}
START_TIMEOUT=${START_TIMEOUT:-120}  # seconds a process may take to answer after launch
BATCH=1000
BIG_BATCH=10000
MULTI_WORKERS=${MULTI_WORKERS:-4}
API_KEY=http-bench-key
PER_WORKER_CAP=4096000        # 4,096 sequence numbers per millisecond

DELEGATOR_JAR=$ROOT/delegator-service/target/snowcloud-delegator-0.1.0-SNAPSHOT.jar
APP_JAR=$ROOT/example-app/target/snowcloud-example-app-0.1.0-SNAPSHOT.jar

log() { printf '[http.sh] %s\n' "$*" >&2; }
fail() { printf '[http.sh] error: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------

missing=()
for tool in wrk nginx redis-server curl java; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
done
installable=()
for tool in "${missing[@]}"; do
    case $tool in wrk | nginx | redis-server | curl) installable+=("$tool") ;; esac
done
if ((${#missing[@]} > 0)); then
    if ((${#installable[@]} == ${#missing[@]})) && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "installing ${installable[*]} with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${installable[@]}" >/dev/null
    else
        fail "needs ${missing[*]} (Debian/Ubuntu: apt-get install -y wrk nginx redis-server curl; and a JDK 17+)"
    fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# The JVM options a user runs the system with: run.sh's default, unless JAVA_OPTS is set.
RUN_SH_JAVA_OPTS=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")
[[ -n $RUN_SH_JAVA_OPTS ]] || fail "could not read the default JAVA_OPTS from run.sh"
JAVA_OPTS=${JAVA_OPTS:-$RUN_SH_JAVA_OPTS}

# --- build -------------------------------------------------------------------------------

log "building the jars (./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am)"
./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am
[[ -f $DELEGATOR_JAR && -f $APP_JAR ]] || fail "the jars were not built"

# --- processes ---------------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/snowcloud-http-bench.XXXXXX")
REDIS_PID= DELEGATOR_PID= APP_PID= FAST_APP_PID= MULTI_APP_PID= NGINX_PID=

stop_pid() {
    local pid=$1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # The app first: it releases its worker ID to the delegator on the way out.
    stop_pid "$APP_PID"
    stop_pid "$FAST_APP_PID"
    stop_pid "$MULTI_APP_PID"
    stop_pid "$DELEGATOR_PID"
    stop_pid "$NGINX_PID"
    stop_pid "$REDIS_PID"
    if ((status != 0)) && [[ -d $WORK ]]; then
        local kept=${TMPDIR:-/tmp}/snowcloud-http-bench-failed-$$
        mv "$WORK" "$kept" && log "logs of the failed run kept in $kept"
    else
        if [[ -n ${KEEP:-} ]]; then
            mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.log "$KEEP"/ 2>/dev/null && log "wrk outputs and logs copied to $KEEP"
        fi
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports below the kernel's ephemeral range, which outgoing connections (this script's own
# curl and wrk, other processes) take without listening, so a probe cannot see them.
EPHEMERAL_LOW=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
PORT_LOW=$((EPHEMERAL_LOW > 20000 ? 15000 : 10000))
PORT_SPAN=$((EPHEMERAL_LOW - PORT_LOW > 1000 ? EPHEMERAL_LOW - PORT_LOW : 1000))
TAKEN_PORTS=" "
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((PORT_LOW + RANDOM % PORT_SPAN))
        [[ $TAKEN_PORTS == *" $port "* ]] && continue
        if ! port_in_use "$port"; then
            TAKEN_PORTS+="$port "
            echo "$port"
            return
        fi
    done
    fail "no free port found"
}

wait_http() {  # name pid url [timeout s]
    local name=$1 pid=$2 url=$3 deadline=$((SECONDS + ${4:-$START_TIMEOUT}))
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || fail "$name exited during start-up (log: $WORK/$name.log)"
        curl -fs --max-time 2 "$url" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    fail "$name did not answer $url within ${4:-$START_TIMEOUT}s (log: $WORK/$name.log)"
}

REDIS_PORT=$(free_port)
DELEGATOR_PORT=$(free_port)
APP_PORT=$(free_port)
FAST_APP_PORT=$(free_port)
MULTI_APP_PORT=$(free_port)
NGINX_PORT=$(free_port)

log "redis-server on 127.0.0.1:$REDIS_PORT (no persistence)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log" &
REDIS_PID=$!
for _ in $(seq 1 50); do
    port_in_use "$REDIS_PORT" && break
    kill -0 "$REDIS_PID" 2>/dev/null || fail "redis-server exited (log: $WORK/redis.log)"
    sleep 0.1
done

log "delegator on 127.0.0.1:$DELEGATOR_PORT (Redis store), java $JAVA_OPTS"
# A brand-new pool on a throwaway Redis that nothing used before: no recovery to wait for.
# shellcheck disable=SC2086
SNOWCLOUD_DELEGATOR_API_KEYS=$API_KEY java $JAVA_OPTS -jar "$DELEGATOR_JAR" \
    --server.port="$DELEGATOR_PORT" \
    --snowcloud.delegator.store=redis \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
    --snowcloud.delegator.recovery-period=0 --snowcloud.delegator.unsafe.allow-short-recovery=true \
    >"$WORK/delegator.log" 2>&1 &
DELEGATOR_PID=$!
wait_http delegator "$DELEGATOR_PID" "http://127.0.0.1:$DELEGATOR_PORT/actuator/health"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts the example app; STARTUP_MS gets the milliseconds from launch to the first ID served.
start_app() {
    local launched deadline
    launched=$(now_ms)
    # shellcheck disable=SC2086
    SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY java $JAVA_OPTS -jar "$APP_JAR" \
        --server.port="$APP_PORT" \
        --snowcloud.generator.delegator.urls="http://127.0.0.1:$DELEGATOR_PORT" \
        >>"$WORK/example-app.log" 2>&1 &
    APP_PID=$!
    deadline=$((launched + START_TIMEOUT * 1000))
    while (($(now_ms) < deadline)); do
        kill -0 "$APP_PID" 2>/dev/null || fail "the example app exited during start-up (log: $WORK/example-app.log)"
        if curl -fs --max-time 1 "http://127.0.0.1:$APP_PORT/ids" >/dev/null 2>&1; then
            STARTUP_MS+=($(($(now_ms) - launched)))
            return
        fi
        sleep 0.02
    done
    fail "the example app served no ID within $START_TIMEOUT s (log: $WORK/example-app.log)"
}

STARTUP_MS=()
for start in $(seq 1 "$STARTS"); do
    if ((start > 1)); then
        stop_pid "$APP_PID"
        sleep 1
    fi
    start_app
    log "example app on 127.0.0.1:$APP_PORT, start $start: first ID after ${STARTUP_MS[-1]} ms"
done

log "example app with the fast path on 127.0.0.1:$FAST_APP_PORT (example.ids.fast-path.enabled=true, server.tomcat.threads.max=4)"
# The tuning as docs/generator.md gives it: the fast path, and Tomcat's request threads cut
# from 200 to 4 for two cores (fewer threads taking turns on them).
# shellcheck disable=SC2086
SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY java $JAVA_OPTS -jar "$APP_JAR" \
    --server.port="$FAST_APP_PORT" \
    --snowcloud.generator.delegator.urls="http://127.0.0.1:$DELEGATOR_PORT" \
    --example.ids.fast-path.enabled=true --server.tomcat.threads.max=4 \
    >"$WORK/example-app-fast.log" 2>&1 &
FAST_APP_PID=$!
wait_http example-app-fast "$FAST_APP_PID" "http://127.0.0.1:$FAST_APP_PORT/ids"

log "example app with $MULTI_WORKERS worker IDs on 127.0.0.1:$MULTI_APP_PORT (snowcloud.generator.workers=$MULTI_WORKERS)"
# shellcheck disable=SC2086
SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY java $JAVA_OPTS -jar "$APP_JAR" \
    --server.port="$MULTI_APP_PORT" \
    --snowcloud.generator.delegator.urls="http://127.0.0.1:$DELEGATOR_PORT" \
    --snowcloud.generator.workers="$MULTI_WORKERS" \
    >"$WORK/example-app-multi.log" 2>&1 &
MULTI_APP_PID=$!
wait_http example-app-multi "$MULTI_APP_PID" "http://127.0.0.1:$MULTI_APP_PORT/ids"

# How many worker IDs an app holds, from /actuator/snowcloud: the distinct numbers under
# "workerId" (anywhere, e.g. one per entry of a list), "workerIds" or "workers" (as a list).
held_workers() {
    local json
    json=$(curl -fs --max-time 5 "$1/actuator/snowcloud") || { echo 0; return; }
    grep -oE '"worker(Id|Ids|s)": *(\[[0-9, ]*\]|[0-9]+)' <<<"$json" | grep -oE '[0-9]+' | sort -u | wc -l || true
}

log "nginx on 127.0.0.1:$NGINX_PORT (prefix $WORK/nginx)"
mkdir -p "$WORK/nginx"
sed -e "s|@PREFIX@|$WORK/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" \
    "$ROOT/benchmarks/http/nginx.conf.template" >"$WORK/nginx/nginx.conf"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
wait_http nginx "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/" 10

# --- sanity checks -----------------------------------------------------------------------

APP=http://127.0.0.1:$APP_PORT
FAST_APP=http://127.0.0.1:$FAST_APP_PORT
DELEGATOR=http://127.0.0.1:$DELEGATOR_PORT
[[ $(curl -fs "http://127.0.0.1:$NGINX_PORT/" | wc -c) == 18 ]] || fail "nginx does not answer 18 bytes"
one=$(curl -fs "$APP/ids")
[[ $one =~ ^[0-9]{1,19}$ ]] || fail "GET /ids answered '$one'"
one=$(curl -fs "$FAST_APP/ids")
[[ $one =~ ^[0-9]{1,19}$ ]] || fail "GET /ids on the fast path answered '$one'"
lines=$(curl -fs "$APP/ids?count=$BATCH" | sort -u | wc -l)
((lines == BATCH)) || fail "GET /ids?count=$BATCH answered $lines distinct lines"
MULTI_APP=http://127.0.0.1:$MULTI_APP_PORT
lines=$(curl -fs "$MULTI_APP/ids?count=$BIG_BATCH" | sort -u | wc -l)
((lines == BIG_BATCH)) || fail "GET /ids?count=$BIG_BATCH on the multi-worker app answered $lines distinct lines"
# Its leases may come one after another: give it a moment to hold all it asked for.
for _ in $(seq 1 50); do
    MULTI_HELD=$(held_workers "$MULTI_APP")
    ((MULTI_HELD >= MULTI_WORKERS)) && break
    sleep 0.2
done
log "the multi-worker app holds $MULTI_HELD worker ID(s) of the $MULTI_WORKERS it asked for"

LEASE=$(curl -fs -X POST "$DELEGATOR/workers" -H "Authorization: Bearer $API_KEY" \
    -H 'Content-Type: application/json' -d '{"name":"http-bench"}') || fail "could not register a lease for renew"
WORKER_ID=$(sed -E 's/.*"workerId":([0-9]+).*/\1/' <<<"$LEASE")
LEASE_TOKEN=$(sed -E 's/.*"leaseToken":"([^"]+)".*/\1/' <<<"$LEASE")
export WORKER_ID LEASE_TOKEN API_KEY
RENEW_LUA=$ROOT/benchmarks/wrk/renew.lua

# --- load ----------------------------------------------------------------------------------

TARGETS=(nginx ids fast batch big multi renew)

# run_wrk target seconds outfile [warmup]: a measured run fails on any error; a warm-up only
# reports them (a cold JVM on a busy machine may miss wrk's 2 s timeout once or twice).
run_wrk() {
    local target=$1 seconds=$2 out=$3 warmup=${4:-}
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency)
    case $target in
        nginx) wrk "${args[@]}" "http://127.0.0.1:$NGINX_PORT/" ;;
        ids) wrk "${args[@]}" "$APP/ids" ;;
        fast) wrk "${args[@]}" "$FAST_APP/ids" ;;
        batch) wrk "${args[@]}" "$APP/ids?count=$BATCH" ;;
        big) wrk "${args[@]}" "$APP/ids?count=$BIG_BATCH" ;;
        multi) wrk "${args[@]}" "$MULTI_APP/ids?count=$BIG_BATCH" ;;
        renew) wrk "${args[@]}" -s "$RENEW_LUA" "$DELEGATOR" ;;
    esac >"$out" 2>&1 || fail "wrk against $target failed: $(cat "$out")"
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        [[ -n $warmup ]] || fail "wrk against $target saw errors: $(grep -E 'Non-2xx|Socket errors' "$out")"
        log "warm-up of $target saw errors (not measured): $(grep -E 'Non-2xx|Socket errors' "$out")"
    fi
}

rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
# p99 in milliseconds, whatever unit wrk printed it in.
p99_ms() {
    awk '$1 == "99%" {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000;
        printf "%.2f", v }' "$1"
}
rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 * 1024 / 1e6}' "/proc/$APP_PID/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

LOAD_BEFORE=$(load)
log "load average before the load: $LOAD_BEFORE"
log "warm-up: $((2 * WARMUP))s renew, ${WARMUP}s each of the others (wrk -t$THREADS -c$CONNECTIONS), not reported"
# The delegator first and twice as long: on two cores its renew path (Spring MVC, Jackson,
# Lettuce) still ran at a quarter of its later speed after 20 s and again in the first round;
# its compiler threads go on working while the others warm up.
run_wrk renew $((2 * WARMUP)) "$WORK/warmup-renew.txt" warmup
for target in multi big batch ids fast nginx; do
    run_wrk "$target" "$WARMUP" "$WORK/warmup-$target.txt" warmup
done
RSS_AFTER_WARMUP=$(rss_mb)
sleep 5   # let the compiler threads finish before measuring

declare -A RPS P99
RSS_ROUND=()
LOAD_ROUND=()
for round in $(seq 1 "$ROUNDS"); do
    LOAD_ROUND+=("$(load)")
    for target in "${TARGETS[@]}"; do
        out=$WORK/round$round-$target.txt
        run_wrk "$target" "$DURATION" "$out"
        RPS[$round,$target]=$(rps "$out")
        P99[$round,$target]=$(p99_ms "$out")
        log "round $round $target: ${RPS[$round,$target]} req/s, p99 ${P99[$round,$target]} ms"
    done
    RSS_ROUND+=("$(rss_mb)")
done
RSS_FINAL=$(rss_mb)
LOAD_AFTER=$(load)
curl -fs "$APP/ids" >/dev/null || fail "the example app stopped serving after the load"
MULTI_HELD_AFTER=$(held_workers "$MULTI_APP")

# --- report --------------------------------------------------------------------------------

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { local kind=$1 target=$2 r; for r in $(seq 1 "$ROUNDS"); do
        if [[ $kind == rps ]]; then echo "${RPS[$r,$target]}"; else echo "${P99[$r,$target]}"; fi
    done; }
fmt() { awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); n = length(s); o = "";
    for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
check() { awk "BEGIN { exit !($1) }" && echo "met" || echo "MISSED"; }

NGINX_MED=$(median $(column_of rps nginx))
IDS_MED=$(median $(column_of rps ids))
FAST_MED=$(median $(column_of rps fast))
BATCH_MED=$(median $(column_of rps batch))
RENEW_MED=$(median $(column_of rps renew))
RENEW_P99_MED=$(median $(column_of p99 renew))
BATCH_IDS_MED=$(awk -v r="$BATCH_MED" -v n="$BATCH" 'BEGIN { printf "%.0f", r * n }')
BIG_IDS_MED=$(awk -v r="$(median $(column_of rps big))" -v n="$BIG_BATCH" 'BEGIN { printf "%.0f", r * n }')
MULTI_IDS_MED=$(awk -v r="$(median $(column_of rps multi))" -v n="$BIG_BATCH" 'BEGIN { printf "%.0f", r * n }')
MULTI_TARGET=$((2 * PER_WORKER_CAP))
IDS_RATIO=$(ratio "$IDS_MED" "$NGINX_MED")
FAST_RATIO=$(ratio "$FAST_MED" "$NGINX_MED")
BATCH_RATIO=$(ratio "$BATCH_IDS_MED" "$PER_WORKER_CAP")
STARTUP_MED=$(median "${STARTUP_MS[@]}")

cat <<EOF

== Snowcloud full system over HTTP: benchmarks/http.sh
machine:   $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)
software:  $(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), Redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/')
date:      $(date -u +%Y-%m-%dT%H:%MZ)
JVM:       java $JAVA_OPTS (delegator and example app, as run.sh)
load:      wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s per run, warm-up $((2 * WARMUP))s renew and ${WARMUP}s each other target, $ROUNDS rounds
load avg:  before the warm-up $LOAD_BEFORE, after the rounds $LOAD_AFTER

| round | load avg before | nginx req/s | GET /ids req/s (× nginx) | fast path req/s (× nginx) | count=1000 IDs/s | count=10000 IDs/s, 1 worker ID | count=10000 IDs/s, workers=$MULTI_WORKERS ($MULTI_HELD_AFTER held) | renew req/s | renew p99 | app RSS after |
|---|---|---|---|---|---|---|---|---|---|---|
$(for r in $(seq 1 "$ROUNDS"); do
    printf '| %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %s | %s | %s ms | %s MB |\n' "$r" "${LOAD_ROUND[$((r - 1))]}" \
        "$(fmt "${RPS[$r,nginx]}")" "$(fmt "${RPS[$r,ids]}")" "$(ratio "${RPS[$r,ids]}" "${RPS[$r,nginx]}")" \
        "$(fmt "${RPS[$r,fast]}")" "$(ratio "${RPS[$r,fast]}" "${RPS[$r,nginx]}")" \
        "$(fmt "$(awk -v r="${RPS[$r,batch]}" -v n="$BATCH" 'BEGIN { print r * n }')")" \
        "$(fmt "$(awk -v r="${RPS[$r,big]}" -v n="$BIG_BATCH" 'BEGIN { print r * n }')")" \
        "$(fmt "$(awk -v r="${RPS[$r,multi]}" -v n="$BIG_BATCH" 'BEGIN { print r * n }')")" \
        "$(fmt "${RPS[$r,renew]}")" "${P99[$r,renew]}" "${RSS_ROUND[$((r - 1))]}"
done)

example app start-ups, launch to first ID: $(printf '%s ms ' "${STARTUP_MS[@]}")

| measure (median of $ROUNDS) | value | target | |
|---|---|---|---|
| nginx, fixed 18-byte body | $(fmt "$NGINX_MED") req/s | (ceiling) | |
| GET /ids (one ID), as shipped | $(fmt "$IDS_MED") req/s = $IDS_RATIO × nginx | ≥ 0.55 × nginx | $(check "$IDS_RATIO >= 0.55") |
| GET /ids (one ID), fast path on | $(fmt "$FAST_MED") req/s = $FAST_RATIO × nginx | ≥ 0.55 × nginx | $(check "$FAST_RATIO >= 0.55") |
| GET /ids?count=$BATCH | $(fmt "$BATCH_IDS_MED") IDs/s = $BATCH_RATIO × 4,096,000 | ≥ 3,500,000 IDs/s | $(check "$BATCH_IDS_MED >= 3500000") |
| GET /ids?count=$BIG_BATCH, 1 worker ID | $(fmt "$BIG_IDS_MED") IDs/s = $(ratio "$BIG_IDS_MED" "$PER_WORKER_CAP") × 4,096,000 | ≥ 3,500,000 IDs/s | $(check "$BIG_IDS_MED >= 3500000") |
| GET /ids?count=$BIG_BATCH, $MULTI_WORKERS worker IDs asked, $MULTI_HELD_AFTER held | $(fmt "$MULTI_IDS_MED") IDs/s = $(ratio "$MULTI_IDS_MED" "$PER_WORKER_CAP") × 4,096,000 | ≥ $(fmt "$MULTI_TARGET") IDs/s (2 × one worker ID's cap) | $(check "$MULTI_IDS_MED >= $MULTI_TARGET") |
| POST /workers/{id}/renew | $(fmt "$RENEW_MED") req/s | ≥ 5,000 req/s | $(check "$RENEW_MED >= 5000") |
| renew p99 | $RENEW_P99_MED ms | ≤ 20 ms | $(check "$RENEW_P99_MED <= 20") |
| example app, launch to first ID (median of $STARTS starts) | $(fmt "$STARTUP_MED") ms | ≤ 5,000 ms | $(check "$STARTUP_MED <= 5000") |
| example app RSS after the load | $RSS_FINAL MB (after warm-up: $RSS_AFTER_WARMUP MB) | ≤ 400 MB | $(check "$RSS_FINAL <= 400") |
EOF
