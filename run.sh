#!/usr/bin/env bash
# Runs the Snowcloud demo: a delegator (in-memory pool) and the example app that
# leases its worker ID from it. Ctrl-C stops both; so does either one dying.
#
#   ./run.sh                      build if needed, start both, wait for Ctrl-C
#   DELEGATOR_PORT=9080 APP_PORT=9081 ./run.sh
#
# Environment: DELEGATOR_PORT (8080), APP_PORT (8081), API_KEY (snowcloud-demo-key),
# LEASE_TTL (60s), JAVA_OPTS (-Xmx256m), START_TIMEOUT seconds (120).
# Logs, and the delegator's record of what it granted, go to .run-data/.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

DELEGATOR_PORT=${DELEGATOR_PORT:-8080}
APP_PORT=${APP_PORT:-8081}
API_KEY=${API_KEY:-snowcloud-demo-key}
LEASE_TTL=${LEASE_TTL:-60s}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
START_TIMEOUT=${START_TIMEOUT:-120}

DELEGATOR_JAR=delegator-service/target/snowcloud-delegator-0.1.0-SNAPSHOT.jar
APP_JAR=example-app/target/snowcloud-example-app-0.1.0-SNAPSHOT.jar
DATA=$ROOT/.run-data

log() { printf '[run.sh] %s\n' "$*"; }
fail() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null 2>&1 || fail "java not found: install a JDK 17 or newer"

# GET http://127.0.0.1:$1$2, printing the body; curl when there is one, else bash's /dev/tcp.
http_get() {
    local port=$1 path=$2
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 5 "http://127.0.0.1:${port}${path}"
        return
    fi
    local response
    exec 3<>"/dev/tcp/127.0.0.1/${port}" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    response=$(timeout 5 cat <&3) || { exec 3<&-; return 1; }
    exec 3<&-
    [[ $response == "HTTP/1.1 2"* ]] || return 1
    printf '%s' "${response#*$'\r\n\r\n'}"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Whether any source of the modules a jar is built from is newer than the jar.
stale() {
    local jar=$1
    shift
    [[ -f $jar ]] || return 0
    [[ -n $(find pom.xml "$@" -newer "$jar" -type f -not -path '*/target/*' -print -quit 2>/dev/null) ]]
}

if stale "$DELEGATOR_JAR" delegator-service test-support || stale "$APP_JAR" example-app generator-starter snowcloud-core; then
    log "building the delegator and the example app (./mvnw package, tests skipped)..."
    ./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am
else
    log "jars are up to date"
fi
[[ -f $DELEGATOR_JAR ]] || fail "$DELEGATOR_JAR was not built"
[[ -f $APP_JAR ]] || fail "$APP_JAR was not built"

for port in "$DELEGATOR_PORT" "$APP_PORT"; do
    if port_in_use "$port"; then
        fail "port $port is in use; choose others with DELEGATOR_PORT=... APP_PORT=... ./run.sh"
    fi
done

mkdir -p "$DATA"
DELEGATOR_PID=
APP_PID=

stop_all() {
    trap - INT TERM EXIT
    local pid
    for pid in $APP_PID $DELEGATOR_PID; do
        # The app first: it releases its worker ID to the delegator on the way out.
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 150); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    wait 2>/dev/null || true
    log "stopped; logs are in .run-data/"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

wait_until_up() {
    local name=$1 port=$2 pid=$3 logfile=$4 deadline=$((SECONDS + START_TIMEOUT)) body
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || { tail -n 40 "$logfile" >&2; fail "$name exited during start-up (log: $logfile)"; }
        if body=$(http_get "$port" /actuator/health 2>/dev/null) && [[ $body == *'"status":"UP"'* ]]; then
            return 0
        fi
        sleep 0.5
    done
    tail -n 40 "$logfile" >&2
    fail "$name was not UP within ${START_TIMEOUT}s (log: $logfile)"
}

log "starting the delegator on port $DELEGATOR_PORT (in-memory pool, lease ttl $LEASE_TTL)"
# The in-memory pool writes what it granted to .run-data/: the first start serves at once, and a
# restart while the app still holds its lease recovers (the app keeps its worker ID by renewing)
# instead of handing the ID to someone else. Delete .run-data/ only while nothing runs.
# shellcheck disable=SC2086
SNOWCLOUD_DELEGATOR_API_KEYS=$API_KEY java $JAVA_OPTS -jar "$DELEGATOR_JAR" \
    --server.port="$DELEGATOR_PORT" \
    --snowcloud.delegator.store=memory \
    --snowcloud.delegator.memory.data-dir="$DATA" \
    --snowcloud.delegator.lease-ttl="$LEASE_TTL" \
    >"$DATA/delegator.log" 2>&1 &
DELEGATOR_PID=$!
wait_until_up delegator "$DELEGATOR_PORT" "$DELEGATOR_PID" "$DATA/delegator.log"

log "starting the example app on port $APP_PORT"
# shellcheck disable=SC2086
SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY java $JAVA_OPTS -jar "$APP_JAR" \
    --server.port="$APP_PORT" \
    --snowcloud.generator.delegator.urls="http://127.0.0.1:$DELEGATOR_PORT" \
    >"$DATA/example-app.log" 2>&1 &
APP_PID=$!
wait_until_up "example app" "$APP_PORT" "$APP_PID" "$DATA/example-app.log"

SAMPLE=$(http_get "$APP_PORT" /ids)
cat <<EOF

  Snowcloud is running.

  delegator    http://localhost:$DELEGATOR_PORT   (API key: $API_KEY)
               curl -H 'Authorization: Bearer $API_KEY' http://localhost:$DELEGATOR_PORT/workers
  example app  http://localhost:$APP_PORT
               curl http://localhost:$APP_PORT/ids
               curl 'http://localhost:$APP_PORT/ids?count=5'
               curl -H 'Accept: application/json' 'http://localhost:$APP_PORT/ids?count=3'
               curl http://localhost:$APP_PORT/ids/$SAMPLE
  actuator     http://localhost:$APP_PORT/actuator/health
               http://localhost:$APP_PORT/actuator/prometheus
               http://localhost:$APP_PORT/actuator/snowcloud
  logs         .run-data/delegator.log  .run-data/example-app.log

  sample ID    $SAMPLE
  decoded      $(http_get "$APP_PORT" "/ids/$SAMPLE")

  Ctrl-C stops both.

EOF

# Whichever exits first ends the demo; the EXIT trap stops the other.
while kill -0 "$DELEGATOR_PID" 2>/dev/null && kill -0 "$APP_PID" 2>/dev/null; do
    sleep 1
done
if kill -0 "$DELEGATOR_PID" 2>/dev/null; then
    log "the example app exited; stopping the delegator (see .run-data/example-app.log)"
else
    log "the delegator exited; stopping the example app (see .run-data/delegator.log)"
fi
exit 1
