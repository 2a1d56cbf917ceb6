#!/usr/bin/env bash
# Runs the Snowcloud demo: a delegator (in-memory pool) and the example app that
# leases its worker ID from it. Ctrl-C stops both; so does either one dying.
#
#   ./run.sh                      build if needed, start both, wait for Ctrl-C
#   DELEGATOR_PORT=9080 APP_PORT=9081 ./run.sh
#
# Environment: DELEGATOR_PORT (8080), APP_PORT (8081), API_KEY (snowcloud-demo-key),
# LEASE_TTL (60s), JAVA_OPTS (-Xmx256m), START_TIMEOUT seconds (120),
# FAST_START (1; 0 starts both with a plain java -jar).
# Logs, and the delegator's record of what it granted, go to .run-data/.
#
# The faster start (docs/benchmarks.md, "Start-up"): once after each build, each jar is
# extracted (java -Djarmode=tools -jar x.jar extract) and started once as a training run that
# stops after the context refresh (-Dspring.context.exit=onRefresh, before any lease, web
# server or connection). On a JDK 17 to 24 the training run writes the classes it loaded to a
# class data sharing archive (-XX:ArchiveClassesAtExit), which later starts map
# (-XX:SharedArchiveFile). On a JDK 25 or newer it writes an AOT cache instead
# (-XX:AOTCacheOutput, JEP 514), which also keeps the classes linked and the method profiles
# of the training run, and later starts use it (-XX:AOTCache). Both live in
# <module>/target/fast-start/ and are redone when the jar, the JDK or JAVA_OPTS change; a
# failed training run falls back to java -jar, with a message.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

DELEGATOR_PORT=${DELEGATOR_PORT:-8080}
APP_PORT=${APP_PORT:-8081}
API_KEY=${API_KEY:-snowcloud-demo-key}
LEASE_TTL=${LEASE_TTL:-60s}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
START_TIMEOUT=${START_TIMEOUT:-120}
FAST_START=${FAST_START:-1}
# JVM options of the tuned launch besides the archive (benchmarks/startup.sh reads this line).
FAST_START_OPTS=""

DELEGATOR_JAR=delegator-service/target/snowcloud-delegator-0.1.0-SNAPSHOT.jar
APP_JAR=example-app/target/snowcloud-example-app-0.1.0-SNAPSHOT.jar
DATA=$ROOT/.run-data

log() { printf '[run.sh] %s\n' "$*"; }
fail() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null 2>&1 || fail "java not found: install a JDK 17 or newer"
# The JDK's feature release: 17 for version "17.0.15", 25 for "25.0.3" (1 for a Java 8's "1.8.0").
JAVA_FEATURE=$(java -version 2>&1 | sed -n 's/^.* version "\([0-9]*\).*/\1/p' | head -n 1)
[[ -n $JAVA_FEATURE ]] || fail "could not read the Java version from java -version"
((JAVA_FEATURE >= 17)) || fail "java is Java $JAVA_FEATURE: install a JDK 17 or newer"

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

if stale "$DELEGATOR_JAR" delegator-service test-support || stale "$APP_JAR" example-app generator-starter snowcloud-core snowcloud-data; then
    log "building the delegator and the example app (./mvnw package, tests skipped)..."
    ./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am
else
    log "jars are up to date"
fi
[[ -f $DELEGATOR_JAR ]] || fail "$DELEGATOR_JAR was not built"
[[ -f $APP_JAR ]] || fail "$APP_JAR was not built"

# fast_start NAME JAR ENV-ASSIGNMENT TRAINING-ARGS...: sets LAUNCH to the command that starts
# JAR: from its extracted form with a class data sharing archive (an AOT cache on a JDK 25+),
# prepared here when missing or out of date, or a plain java -jar when FAST_START=0 or the
# training run failed.
fast_start() {
    local name=$1 jar=$2 env=$3
    shift 3
    # shellcheck disable=SC2206
    LAUNCH=(java $JAVA_OPTS -jar "$jar")
    [[ $FAST_START == 1 ]] || return 0
    local dir=$ROOT/${jar%/*}/fast-start
    # The option that writes the archive in the training run, and the one that uses it later.
    local extracted=$dir/extracted/${jar##*/} archive write use
    if ((JAVA_FEATURE >= 25)); then
        archive=$dir/app.aot write=-XX:AOTCacheOutput use=-XX:AOTCache
    else
        archive=$dir/app.jsa write=-XX:ArchiveClassesAtExit use=-XX:SharedArchiveFile
    fi
    # Anything that would make the JVM refuse the archive (a moved checkout too), or train another start.
    local stamp
    stamp="$dir | $(cksum <"$jar") | $(java -version 2>&1 | tr '\n' ' ') | $JAVA_OPTS $FAST_START_OPTS"
    if [[ ! -f $dir/stamp || $(<"$dir/stamp") != "$stamp" ]]; then
        log "preparing the faster start of the $name (once per build, about as long as one start)"
        rm -rf "$dir"
        mkdir -p "$dir/training-data"
        # The archive records the jars' absolute paths: it works only where it was made.
        # shellcheck disable=SC2086
        if java -Djarmode=tools -jar "$jar" extract --destination "$dir/extracted" >"$dir/training.log" 2>&1 \
            && env "$env" java $JAVA_OPTS $FAST_START_OPTS "$write=$archive" \
                -Dspring.context.exit=onRefresh -jar "$extracted" "$@" >>"$dir/training.log" 2>&1 \
            && [[ -s $archive ]]; then
            rm -rf "$dir/training-data"
        else
            # The JVM writes an archive even when the application failed: it is not kept.
            rm -rf "$archive" "$dir/extracted" "$dir/training-data"
        fi
        printf '%s' "$stamp" >"$dir/stamp"
    fi
    if [[ -s $archive ]]; then
        # shellcheck disable=SC2206
        LAUNCH=(java $JAVA_OPTS $FAST_START_OPTS "$use=$archive" -jar "$extracted")
    else
        log "the extraction or training run of the $name failed (log: ${dir#"$ROOT"/}/training.log):" \
            "starting it with java -jar; delete ${dir#"$ROOT"/}/ to try again"
    fi
}

for port in "$DELEGATOR_PORT" "$APP_PORT"; do
    if port_in_use "$port"; then
        fail "port $port is in use; choose others with DELEGATOR_PORT=... APP_PORT=... ./run.sh"
    fi
done

# The training runs start each application up to its context refresh only, on port 0, with a
# throwaway API key and an empty data directory: no lease is taken, nothing is written, and
# the app's delegator URL (port 9, discard) is never called.
fast_start delegator "$DELEGATOR_JAR" SNOWCLOUD_DELEGATOR_API_KEYS=training-only --server.port=0 \
    --snowcloud.delegator.store=memory --snowcloud.delegator.memory.data-dir="$ROOT/${DELEGATOR_JAR%/*}/fast-start/training-data" \
    --snowcloud.delegator.lease-ttl="$LEASE_TTL"
DELEGATOR_LAUNCH=("${LAUNCH[@]}")
fast_start "example app" "$APP_JAR" SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=training-only --server.port=0 \
    --snowcloud.generator.delegator.urls=http://127.0.0.1:9
APP_LAUNCH=("${LAUNCH[@]}")

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
SNOWCLOUD_DELEGATOR_API_KEYS=$API_KEY "${DELEGATOR_LAUNCH[@]}" \
    --server.port="$DELEGATOR_PORT" \
    --snowcloud.delegator.store=memory \
    --snowcloud.delegator.memory.data-dir="$DATA" \
    --snowcloud.delegator.lease-ttl="$LEASE_TTL" \
    >"$DATA/delegator.log" 2>&1 &
DELEGATOR_PID=$!
wait_until_up delegator "$DELEGATOR_PORT" "$DELEGATOR_PID" "$DATA/delegator.log"

log "starting the example app on port $APP_PORT"
SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY "${APP_LAUNCH[@]}" \
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
