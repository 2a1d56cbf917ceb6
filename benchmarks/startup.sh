#!/usr/bin/env bash
# Start-up benchmark: how long the delegator and the example app take from launch until they
# serve, launched plainly and with each start-up tuning, RUNS times each, in one run.
#
#   benchmarks/startup.sh                                   plain against tuned, ten times each
#   RUNS=10 VARIANTS="plain tuned" START_TIMEOUT=180 benchmarks/startup.sh   (the defaults)
#   VARIANTS="plain extracted cds lazy c1 serial tuned" benchmarks/startup.sh   every tuning on its own
#   PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH VARIANTS="plain cds aot tuned" benchmarks/startup.sh
#                                                           the same on another JDK (the java on the PATH)
#   KEEP=dir benchmarks/startup.sh      also keeps the logs and the raw timings in dir
#
# What it times (milliseconds from the fork of `java` on):
#   delegator    until GET /actuator/health answers "status":"UP"; in-memory store (no Redis),
#                with a fresh data directory per launch, as run.sh starts it
#   example app  until the first 200 from GET /ids, leasing its worker ID from one delegator
#                that runs for the whole benchmark (started with the tuned launch)
# and the CPU time the process had used by then (all threads, from /proc/PID/stat), which
# depends much less than the wall time on what else the machine runs.
# The launches (JAVA_OPTS: run.sh's default, unless set):
#   plain      java $JAVA_OPTS -jar app.jar                          (the Boot jar as Maven built it)
#   extracted  java $JAVA_OPTS -jar extracted/app.jar                (java -Djarmode=tools -jar app.jar extract)
#   cds        extracted, plus -XX:SharedArchiveFile=app.jsa         (class data sharing; the archive
#              comes from one training run: -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh)
#   aot        extracted, plus -XX:AOTCache=app.aot                  (JDK 25+ only: the AOT cache, which
#              also keeps the classes linked and the method profiles; from one training run:
#              -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh)
#   lazy       plain, plus -Dspring.main.lazy-initialization=true
#   c1         plain, plus -XX:TieredStopAtLevel=1                   (C1 only, no C2)
#   serial     plain, plus -XX:+UseSerialGC
#   tuned      run.sh's launch: extracted + its FAST_START_OPTS (read from run.sh) + on a JDK 17 to 24
#              the CDS archive, on a JDK 25+ the AOT cache
# Each round launches every variant once, in turn, so a change in the machine's load hits them
# alike; before them one launch (not timed) of each variant that uses an archive, with
# -Xshare:on (-XX:AOTMode=on for an AOT cache), proves that the JVM maps it. Interrupted
# (Ctrl-C, kill), the script still prints the table of the rounds it completed. Every process
# it started is stopped on exit. Exits non-zero when something fails (a launch that does not
# answer within START_TIMEOUT, a training run that fails, an archive the JVM cannot map) or it
# was interrupted, not when a target is missed: that is reported in the table.
#
# Needs: a JDK 17+ and curl.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-10}
VARIANTS=${VARIANTS:-plain tuned}
START_TIMEOUT=${START_TIMEOUT:-180}
API_KEY=startup-bench-key
DELEGATOR_TARGET_MS=2500
APP_TARGET_MS=2000

DELEGATOR_JAR=$ROOT/delegator-service/target/snowcloud-delegator-0.1.0-SNAPSHOT.jar
APP_JAR=$ROOT/example-app/target/snowcloud-example-app-0.1.0-SNAPSHOT.jar

log() { printf '[startup.sh] %s\n' "$*" >&2; }
fail() { printf '[startup.sh] error: %s\n' "$*" >&2; exit 1; }

for tool in java curl; do
    command -v "$tool" >/dev/null 2>&1 || fail "needs $tool (Debian/Ubuntu: apt-get install -y curl; and a JDK 17+)"
done
# The JDK's feature release, read as run.sh reads it: it picks the tuned launch's archive.
JAVA_FEATURE=$(java -version 2>&1 | sed -n 's/^.* version "\([0-9]*\).*/\1/p' | head -n 1)
((${JAVA_FEATURE:-0} >= 17)) || fail "needs a JDK 17+ (java -version: $(java -version 2>&1 | head -n 1))"
for variant in $VARIANTS; do
    case $variant in plain | extracted | cds | lazy | c1 | serial | tuned) ;; aot)
        ((JAVA_FEATURE >= 25)) || fail "the aot variant needs a JDK 25+ (this java is $JAVA_FEATURE)" ;;
        *) fail "unknown variant '$variant'" ;; esac
done
# The tuned launch's archive, as in run.sh: the AOT cache from JDK 25 on, else the CDS archive.
TUNED_ARCHIVE=$( ((JAVA_FEATURE >= 25)) && echo aot || echo cds)

# What run.sh runs: its default JAVA_OPTS and the options of its tuned launch.
RUN_SH_JAVA_OPTS=$(sed -n 's/^JAVA_OPTS=\${JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")
[[ -n $RUN_SH_JAVA_OPTS ]] || fail "could not read the default JAVA_OPTS from run.sh"
JAVA_OPTS=${JAVA_OPTS:-$RUN_SH_JAVA_OPTS}
grep -q '^FAST_START_OPTS=' "$ROOT/run.sh" || fail "could not read FAST_START_OPTS from run.sh"
FAST_START_OPTS=$(sed -n 's/^FAST_START_OPTS="\(.*\)"$/\1/p' "$ROOT/run.sh")
if [[ -z $FAST_START_OPTS && " $VARIANTS " == *" $TUNED_ARCHIVE "* && " $VARIANTS " == *" tuned "* ]]; then
    log "run.sh's tuned launch is extracted + $TUNED_ARCHIVE and nothing else on this JDK:" \
        "'$TUNED_ARCHIVE' is the same launch as 'tuned', left out"
    VARIANTS=$(sed "s/\b$TUNED_ARCHIVE\b//; s/  */ /g" <<<"$VARIANTS")
fi

# --- build ---------------------------------------------------------------------------------

log "building the jars (./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am)"
./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am
[[ -f $DELEGATOR_JAR && -f $APP_JAR ]] || fail "the jars were not built"

# --- processes -----------------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/snowcloud-startup-bench.XXXXXX")
SERVICE_PID=   # the delegator the example app leases from
LAUNCH_PID=    # the process being timed

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
    stop_pid "$LAUNCH_PID"
    stop_pid "$SERVICE_PID"
    if ((status != 0)) && [[ -d $WORK ]]; then
        local kept=${TMPDIR:-/tmp}/snowcloud-startup-bench-failed-$$
        mv "$WORK" "$kept" && log "logs of the failed run kept in $kept"
    else
        if [[ -n ${KEEP:-} ]]; then
            mkdir -p "$KEEP" && cp "$WORK"/*.log "$WORK"/*.txt "$KEEP"/ 2>/dev/null && log "logs and timings copied to $KEEP"
        fi
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports below the kernel's ephemeral range, which outgoing connections take without listening.
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

now_ms() { echo $(($(date +%s%N) / 1000000)); }
CLK_TCK=$(getconf CLK_TCK)
load() { cut -d' ' -f1-3 /proc/loadavg; }

SERVICE_PORT=$(free_port)
DELEGATOR_PORT=$(free_port)
APP_PORT=$(free_port)

# --- the extracted jars, their class data sharing archives and AOT caches -------------------

# The archives to make: the tuned launch's (the service delegator uses it whatever VARIANTS
# says) and those of the cds and aot variants.
ARCHIVES=$TUNED_ARCHIVE
for kind in cds aot; do
    [[ " $VARIANTS " == *" $kind "* && $kind != "$TUNED_ARCHIVE" ]] && ARCHIVES+=" $kind"
done

# archive_option KIND NAME write|use: the JVM option that writes or uses NAME's archive of KIND
# (cds: $WORK/NAME.jsa, aot: $WORK/NAME.aot).
archive_option() {
    case $1,$3 in
        cds,write) echo "-XX:ArchiveClassesAtExit=$WORK/$2.jsa" ;;
        cds,use) echo "-XX:SharedArchiveFile=$WORK/$2.jsa" ;;
        aot,write) echo "-XX:AOTCacheOutput=$WORK/$2.aot" ;;
        aot,use) echo "-XX:AOTCache=$WORK/$2.aot" ;;
    esac
}

# prepare NAME JAR ENV-ASSIGNMENT ARGS...: extracts JAR into $WORK/NAME and, from one training
# run per archive, records what a start loads (the JVM writes it when Spring exits after the
# refresh, before any lifecycle bean starts: no web server, no lease, no store connection).
prepare() {
    local name=$1 jar=$2 env=$3 kind write
    shift 3
    log "$name: extracting the jar"
    java -Djarmode=tools -jar "$jar" extract --destination "$WORK/$name" >"$WORK/$name-extract.log" 2>&1 \
        || fail "extracting $jar failed (log: $WORK/$name-extract.log)"
    for kind in $ARCHIVES; do
        write=$(archive_option "$kind" "$name" write)
        log "$name: a training run ($write)"
        # shellcheck disable=SC2086
        env "$env" java $JAVA_OPTS $FAST_START_OPTS "$write" -Dspring.context.exit=onRefresh \
            -jar "$WORK/$name/${jar##*/}" "$@" >>"$WORK/$name-training.log" 2>&1 \
            || fail "the $name training run ($kind) failed (log: $WORK/$name-training.log)"
        [[ -s ${write#*=} ]] || fail "the $name training run wrote no $kind archive (log: $WORK/$name-training.log)"
    done
}

TRAINING_DATA=$WORK/training-data
mkdir -p "$TRAINING_DATA"
prepare delegator "$DELEGATOR_JAR" SNOWCLOUD_DELEGATOR_API_KEYS=training-only --server.port=0 \
    --snowcloud.delegator.store=memory --snowcloud.delegator.memory.data-dir="$TRAINING_DATA"
# Nothing listens on port 9 (discard): the training run must not reach a delegator, and does not.
prepare example-app "$APP_JAR" SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=training-only --server.port=0 \
    --snowcloud.generator.delegator.urls=http://127.0.0.1:9
[[ -z $(ls -A "$TRAINING_DATA") ]] || fail "the delegator's training run wrote to its data directory"

# command VARIANT NAME JAR: sets CMD to the java command line of that launch.
command_of() {
    local variant=$1 name=$2 jar=$3
    local extracted=$WORK/$name/${jar##*/}
    # shellcheck disable=SC2206
    case $variant in
        plain) CMD=(java $JAVA_OPTS -jar "$jar") ;;
        extracted) CMD=(java $JAVA_OPTS -jar "$extracted") ;;
        cds | aot) CMD=(java $JAVA_OPTS "$(archive_option "$variant" "$name" use)" -jar "$extracted") ;;
        lazy) CMD=(java $JAVA_OPTS -Dspring.main.lazy-initialization=true -jar "$jar") ;;
        c1) CMD=(java $JAVA_OPTS -XX:TieredStopAtLevel=1 -jar "$jar") ;;
        serial) CMD=(java $JAVA_OPTS -XX:+UseSerialGC -jar "$jar") ;;
        tuned) CMD=(java $JAVA_OPTS $FAST_START_OPTS "$(archive_option "$TUNED_ARCHIVE" "$name" use)" -jar "$extracted") ;;
    esac
}

# The delegator the example app leases from, for the whole run; a fresh pool with a data
# directory serves at once (no recovery period).
mkdir -p "$WORK/service-data"
command_of tuned delegator "$DELEGATOR_JAR"
log "delegator for the example app on 127.0.0.1:$SERVICE_PORT"
SNOWCLOUD_DELEGATOR_API_KEYS=$API_KEY "${CMD[@]}" --server.port="$SERVICE_PORT" \
    --snowcloud.delegator.store=memory --snowcloud.delegator.memory.data-dir="$WORK/service-data" \
    >"$WORK/service-delegator.log" 2>&1 &
SERVICE_PID=$!
deadline=$((SECONDS + START_TIMEOUT))
until curl -fs --max-time 2 "http://127.0.0.1:$SERVICE_PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$SERVICE_PID" 2>/dev/null || fail "the delegator exited during start-up (log: $WORK/service-delegator.log)"
    ((SECONDS < deadline)) || fail "the delegator was not UP within ${START_TIMEOUT}s (log: $WORK/service-delegator.log)"
    sleep 0.2
done

# --- launches ------------------------------------------------------------------------------

LAUNCH_SEQ=0
# launch VARIANT APP [SHARE]: starts APP (delegator | example-app) the VARIANT way, waits until
# it serves, stops it, and sets ELAPSED_MS. SHARE (e.g. -Xshare:on) is added to the JVM options.
launch() {
    local variant=$1 app=$2 share=${3:-} launched url check
    LAUNCH_SEQ=$((LAUNCH_SEQ + 1))
    local logfile=$WORK/$app-$variant.log
    printf '\n=== launch %d (%s)\n' "$LAUNCH_SEQ" "$variant" >>"$logfile"
    if [[ $app == delegator ]]; then
        command_of "$variant" delegator "$DELEGATOR_JAR"
        local data=$WORK/delegator-data-$LAUNCH_SEQ
        mkdir -p "$data"
        url=http://127.0.0.1:$DELEGATOR_PORT/actuator/health
        launched=$(now_ms)
        SNOWCLOUD_DELEGATOR_API_KEYS=$API_KEY "${CMD[0]}" $share "${CMD[@]:1}" --server.port="$DELEGATOR_PORT" \
            --snowcloud.delegator.store=memory --snowcloud.delegator.memory.data-dir="$data" \
            >>"$logfile" 2>&1 &
    else
        command_of "$variant" example-app "$APP_JAR"
        url=http://127.0.0.1:$APP_PORT/ids
        launched=$(now_ms)
        SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY=$API_KEY "${CMD[0]}" $share "${CMD[@]:1}" --server.port="$APP_PORT" \
            --snowcloud.generator.delegator.urls="http://127.0.0.1:$SERVICE_PORT" \
            >>"$logfile" 2>&1 &
    fi
    LAUNCH_PID=$!
    local deadline=$((launched + START_TIMEOUT * 1000)) body
    while true; do
        if body=$(curl -fs --max-time 1 "$url" 2>/dev/null); then
            if [[ $app == example-app ]]; then
                [[ $body =~ ^[0-9]{1,19}$ ]] || fail "GET /ids answered '$body' ($variant, log: $logfile)"
                break
            fi
            [[ $body == *'"status":"UP"'* ]] && break
        fi
        kill -0 "$LAUNCH_PID" 2>/dev/null || fail "the $app exited during start-up ($variant, log: $logfile)"
        (($(now_ms) < deadline)) || fail "the $app did not serve within ${START_TIMEOUT}s ($variant, log: $logfile)"
        sleep 0.05
    done
    ELAPSED_MS=$(($(now_ms) - launched))
    # CPU time of all its threads until then: what the start costs whatever else the machine runs.
    CPU_MS=$(sed 's/.*) //' "/proc/$LAUNCH_PID/stat" | awk -v tck="$CLK_TCK" '{ printf "%.0f", ($12 + $13) * 1000 / tck }')
    stop_pid "$LAUNCH_PID"
    LAUNCH_PID=
}

# --- report --------------------------------------------------------------------------------

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { printf '%s\n' "$@" | sort -g | head -1; }
maximum() { printf '%s\n' "$@" | sort -g | tail -1; }
fmt() { awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); n = length(s); o = "";
    for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }'; }
check() { awk "BEGIN { exit !($1) }" && echo "met" || echo "MISSED"; }
describe() {
    case $1 in
        plain) echo "plain \`java -jar\`" ;;
        extracted) echo "extracted jar" ;;
        cds) echo "extracted + CDS archive" ;;
        aot) echo "extracted + AOT cache" ;;
        lazy) echo "lazy initialization" ;;
        c1) echo "-XX:TieredStopAtLevel=1" ;;
        serial) echo "-XX:+UseSerialGC" ;;
        tuned) echo "tuned (run.sh): extracted + $( [[ $TUNED_ARCHIVE == aot ]] && echo "AOT cache" || echo CDS)${FAST_START_OPTS:+ + $FAST_START_OPTS}" ;;
    esac
}
cell() {  # MS|CPU app variant: median (min–max), and the change against plain
    local -n by=$1
    local values plain med plain_med
    read -r -a values <<<"${by[$2,$3]}"
    med=$(median "${values[@]}")
    printf '%s ms (%s–%s)' "$(fmt "$med")" "$(fmt "$(minimum "${values[@]}")")" "$(fmt "$(maximum "${values[@]}")")"
    if [[ -n ${by[$2,plain]:-} && $3 != plain ]]; then
        read -r -a plain <<<"${by[$2,plain]}"
        plain_med=$(median "${plain[@]}")
        awk -v a="$med" -v b="$plain_med" 'BEGIN { printf ", %+.0f %%", (a - b) * 100 / b }'
    fi
}


# The table of the rounds completed so far (a round is counted only once every launch of it ran).
report() {
    local run app variant ms cpu
    declare -gA MS=() CPU=()
    while read -r run app variant ms cpu; do
        ((run <= COMPLETED)) || continue
        MS[$app,$variant]+="$ms "
        CPU[$app,$variant]+="$cpu "
    done <"$WORK/timings.txt"
cat <<EOF

== Snowcloud start-up: benchmarks/startup.sh
machine:   $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)
software:  $(java -version 2>&1 | head -1)
date:      $(date -u +%Y-%m-%dT%H:%MZ)
JVM:       java $JAVA_OPTS (run.sh's default), tuned launch adds: ${FAST_START_OPTS:-(nothing)} $(archive_option "$TUNED_ARCHIVE" app use | sed 's/=.*//')
runs:      $COMPLETED of $RUNS rounds${INTERRUPTED:+ (interrupted)}, each launching every variant once in turn
load avg:  before the rounds $LOAD_BEFORE, after them $(load); per round: $(printf "%s; " "${LOAD_ROUND[@]:0:COMPLETED}")

delegator: launch -> /actuator/health UP (in-memory store).  example app: launch -> first ID from GET /ids.
Wall time from launch, and the CPU time the process used by then (all its threads); median
(min–max) of $COMPLETED launches, and the change against plain.

| launch | delegator healthy | its CPU | example app, first ID | its CPU |
|---|---|---|---|---|
$(for variant in $VARIANTS; do
    printf '| %s | %s | %s | %s | %s |\n' "$(describe "$variant")" "$(cell MS delegator "$variant")" \
        "$(cell CPU delegator "$variant")" "$(cell MS example-app "$variant")" "$(cell CPU example-app "$variant")"
done)
EOF
if [[ " $VARIANTS " == *" tuned "* ]]; then
    read -r -a d <<<"${MS[delegator,tuned]}"
    read -r -a a <<<"${MS[example-app,tuned]}"
    D_MED=$(median "${d[@]}")
    A_MED=$(median "${a[@]}")
    cat <<EOF

| target (tuned launch, median) | value | target | |
|---|---|---|---|
| delegator healthy | $(fmt "$D_MED") ms | ≤ $(fmt $DELEGATOR_TARGET_MS) ms | $(check "$D_MED <= $DELEGATOR_TARGET_MS") |
| example app, first ID | $(fmt "$A_MED") ms | ≤ $(fmt $APP_TARGET_MS) ms | $(check "$A_MED <= $APP_TARGET_MS") |
EOF
fi
}

# --- launches, timed -----------------------------------------------------------------------

# Not timed: checks that the archives map (-Xshare:on, or -XX:AOTMode=on for an AOT cache,
# makes the JVM fail instead of running without them) and fills the page cache with the
# extracted jars.
for app in delegator example-app; do
    for variant in $VARIANTS; do
        kind=$variant
        [[ $variant == tuned ]] && kind=$TUNED_ARCHIVE
        case $kind in cds) launch "$variant" "$app" -Xshare:on ;; aot) launch "$variant" "$app" -XX:AOTMode=on ;; *) continue ;; esac
        log "warm-up $app $variant: ${ELAPSED_MS} ms (not counted)"
    done
done

COMPLETED=0
INTERRUPTED=
LOAD_BEFORE=$(load)
LOAD_ROUND=()
: >"$WORK/timings.txt"
# Interrupted (Ctrl-C, kill), the rounds completed so far are still reported; the exit status says it.
trap 'INTERRUPTED=1; ((COMPLETED > 0)) && report; exit 130' INT
trap 'INTERRUPTED=1; ((COMPLETED > 0)) && report; exit 143' TERM
for run in $(seq 1 "$RUNS"); do
    LOAD_ROUND+=("$(load)")
    for app in delegator example-app; do
        for variant in $VARIANTS; do
            launch "$variant" "$app"
            echo "$run $app $variant $ELAPSED_MS $CPU_MS" >>"$WORK/timings.txt"
        done
    done
    COMPLETED=$run
    log "round $run of $RUNS (load avg ${LOAD_ROUND[-1]}), ms to serving (CPU ms): $(awk -v r="$run" '$1 == r { printf "%s/%s %s (%s)  ", $2, $3, $4, $5 }' "$WORK/timings.txt")"
done
report
