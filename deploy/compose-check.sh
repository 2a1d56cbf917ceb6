#!/usr/bin/env bash
# End-to-end check of docker-compose.yml on a Docker engine: builds the images, brings the
# stack up, and fails (printing every container's log) unless
#   1. every container turns healthy,
#   2. both example apps issue IDs, under two different worker IDs,
#   3. Prometheus scrapes all four targets and finds them up,
#   4. with delegator-1 stopped, both apps keep renewing their leases through delegator-2
#      and keep issuing IDs;
# then takes the stack down with its volumes, whatever happened.
#
#   deploy/compose-check.sh                 # images from a registry (eclipse-temurin, redis, prom/prometheus)
#   deploy/compose-check.sh --local-images  # images from deploy/local-images.sh (deploy/local-images.env)
#
# It uses `docker compose` (v2) when present, else Debian's `docker-compose` (v1); COMPOSE
# overrides. The stack runs as project snowcloud-e2e on host ports 18080-19090 (the
# *_PORT variables of docker-compose.yml override them), so it does not meet a stack or a
# service of the same machine. It builds the jars first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=()
for arg in "$@"; do
    case "$arg" in
        --local-images) env_file=(--env-file deploy/local-images.env) ;;
        *) echo "compose-check.sh: unknown argument '$arg' (--local-images)" >&2; exit 2 ;;
    esac
done

if [ -n "${COMPOSE:-}" ]; then
    read -r -a compose_cmd <<<"$COMPOSE"
elif docker compose version >/dev/null 2>&1; then
    compose_cmd=(docker compose)
else
    compose_cmd=(docker-compose)
fi
export COMPOSE_PROJECT_NAME=snowcloud-e2e
export DELEGATOR_1_PORT=${DELEGATOR_1_PORT:-18080} DELEGATOR_2_PORT=${DELEGATOR_2_PORT:-18090}
export EXAMPLE_APP_1_PORT=${EXAMPLE_APP_1_PORT:-18081} EXAMPLE_APP_2_PORT=${EXAMPLE_APP_2_PORT:-18091}
export PROMETHEUS_PORT=${PROMETHEUS_PORT:-19090}
HEALTHY_TIMEOUT=${HEALTHY_TIMEOUT:-300}

compose() { "${compose_cmd[@]}" "${env_file[@]}" "$@"; }

started=$SECONDS
step_started=$SECONDS
step() {
    echo "compose-check: $* (at $((SECONDS - started)) s)"
    step_started=$SECONDS
}
fail() {
    echo "compose-check: FAILED: $*" >&2
    exit 1
}

finish() {
    local rc=$?
    if [ $rc -ne 0 ]; then
        echo "compose-check: ---- containers ----" >&2
        compose ps >&2 || true
        echo "compose-check: ---- logs ----" >&2
        compose logs --no-color --tail=300 >&2 || true
    fi
    compose down -v --remove-orphans >/dev/null 2>&1 || echo "compose-check: 'down -v' failed" >&2
    if [ $rc -eq 0 ]; then
        echo "compose-check: passed in $((SECONDS - started)) s"
    fi
    exit $rc
}
trap finish EXIT

# `http PORT PATH`: the body of a 200 answer, or nothing and a non-zero status.
http() {
    curl -fsS --max-time 5 "http://127.0.0.1:$1$2"
}

worker_of() {
    local id
    id=$(http "$1" /ids) || return 1
    http "$1" "/ids/$id" | sed -n 's/.*"workerId":\([0-9-]*\).*/\1/p'
}

# The app's count of successful lease renewals, from its Prometheus scrape.
renewals_of() {
    http "$1" /actuator/prometheus \
        | awk '/^snowcloud_lease_renewals_total\{/ && /outcome="success"/ { sum += $NF } END { printf "%d\n", sum }'
}

echo "compose-check: ${compose_cmd[*]} $(${compose_cmd[@]} version --short 2>/dev/null || true)," \
     "engine $(docker version --format '{{.Server.Version}}')${env_file[*]:+, ${env_file[*]}}"

if ! ls delegator-service/target/snowcloud-delegator-*.jar example-app/target/snowcloud-example-app-*.jar >/dev/null 2>&1; then
    step "building the jars"
    ./mvnw -B -q -DskipTests package -pl delegator-service,example-app -am
fi

step "building the images and starting the stack"
compose down -v --remove-orphans >/dev/null 2>&1 || true
compose build
compose up -d
echo "compose-check: build and up took $((SECONDS - step_started)) s"

step "waiting for every container to be healthy (at most $HEALTHY_TIMEOUT s)"
services=$(compose config --services | wc -l)
deadline=$((SECONDS + HEALTHY_TIMEOUT))
while :; do
    # One container per service, each running and healthy (every service has a health check).
    # shellcheck disable=SC2046
    states=$(docker inspect --format '{{.Name}}={{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{else}}no-health-check{{end}}' \
        $(compose ps -q) 2>/dev/null || true)
    healthy=$(grep -c '=running/healthy$' <<<"$states" || true)
    [ "$healthy" -eq "$services" ] && break
    [ $SECONDS -lt $deadline ] || fail "$healthy of $services containers healthy after $HEALTHY_TIMEOUT s:" $states
    sleep 3
done
echo "compose-check: all $services containers healthy after $((SECONDS - step_started)) s"

step "GET /ids from both apps"
worker_1=$(worker_of "$EXAMPLE_APP_1_PORT") || fail "example-app-1 issued no ID"
worker_2=$(worker_of "$EXAMPLE_APP_2_PORT") || fail "example-app-2 issued no ID"
[ -n "$worker_1" ] && [ -n "$worker_2" ] || fail "no worker ID in /ids/{id} (got '$worker_1', '$worker_2')"
[ "$worker_1" != "$worker_2" ] || fail "both apps issue under worker ID $worker_1"
echo "compose-check: example-app-1 issues under worker $worker_1, example-app-2 under worker $worker_2"

step "Prometheus scrapes all four targets"
deadline=$((SECONDS + 90))
while :; do
    targets=$(http "$PROMETHEUS_PORT" /api/v1/targets || true)
    up=$(grep -o '"health":"up"' <<<"$targets" | wc -l)
    all=$(grep -o '"health":"[a-z]*"' <<<"$targets" | wc -l)
    [ "$up" -eq 4 ] && [ "$all" -eq 4 ] && break
    [ $SECONDS -lt $deadline ] || fail "Prometheus: $up of $all targets up, 4 expected: $targets"
    sleep 3
done
echo "compose-check: 4 of 4 targets up"

step "stopping delegator-1: both apps must renew through delegator-2 and keep issuing"
compose stop delegator-1
before_1=$(renewals_of "$EXAMPLE_APP_1_PORT") || fail "example-app-1 has no metrics"
before_2=$(renewals_of "$EXAMPLE_APP_2_PORT") || fail "example-app-2 has no metrics"
# The compose file's lease ttl is 20 s and a generator renews every third of it: within 45 s
# each app has renewed twice with delegator-1 gone, and its lease, had renewing failed, would
# have lapsed and /ids would answer 503.
deadline=$((SECONDS + 45))
while :; do
    now_1=$(renewals_of "$EXAMPLE_APP_1_PORT" || echo 0)
    now_2=$(renewals_of "$EXAMPLE_APP_2_PORT" || echo 0)
    [ "$now_1" -ge $((before_1 + 2)) ] && [ "$now_2" -ge $((before_2 + 2)) ] && break
    [ $SECONDS -lt $deadline ] || fail "renewals after the stop: example-app-1 $before_1 -> $now_1, example-app-2 $before_2 -> $now_2 (2 more each expected)"
    sleep 2
done
sleep 21 # one whole ttl after the stop: a lease not renewed since would have lapsed by now
after_1=$(worker_of "$EXAMPLE_APP_1_PORT") || fail "example-app-1 stopped issuing with delegator-1 down"
after_2=$(worker_of "$EXAMPLE_APP_2_PORT") || fail "example-app-2 stopped issuing with delegator-1 down"
[ "$after_1" = "$worker_1" ] && [ "$after_2" = "$worker_2" ] \
    || fail "worker IDs changed with delegator-1 down: $worker_1 -> $after_1, $worker_2 -> $after_2"
echo "compose-check: renewals $before_1 -> $now_1 and $before_2 -> $now_2 with delegator-1 down;" \
     "both still issue under workers $after_1 and $after_2 after $((SECONDS - step_started)) s"
