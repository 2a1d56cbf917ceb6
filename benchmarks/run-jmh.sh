#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the generator benchmarks: ours beside CosId, Hutool
# and MyBatis-Plus, every thread count and the sampled latency, in one JMH run.
#
#   benchmarks/run-jmh.sh                  # the run docs/benchmarks.md reports (~5 min)
#   benchmarks/run-jmh.sh -prof gc         # extra JMH options are passed through
#   benchmarks/run-jmh.sh Throughput8      # a regexp narrows the benchmarks
#   benchmarks/run-jmh.sh Workers          # only 1 vs 4 worker IDs: batch and nextId() at 1/2/8 threads (~3 min)
#   TIMES="-wi 1 -w 1s -i 2 -r 2s" benchmarks/run-jmh.sh Workers   # shorter, for a busy machine (~1.5 min)
#
# TIMES replaces the warm-up and measurement options (JMH refuses them twice); the
# default is the one docs/benchmarks.md reports.
# Results land in benchmarks/results/ (not committed): the console table and JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests

mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=benchmarks/results/jmh-$stamp
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  nproc=$(nproc)  $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "# $(java -version 2>&1 | head -1)"
    echo "# load before: $(uptime)"
} | tee "$out.txt"
times=${TIMES:--wi 2 -w 2s -i 3 -r 3s}
echo "# java -jar benchmarks/target/benchmarks.jar $times -f 1 $*" | tee -a "$out.txt"
# $times is split into options on purpose.
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar $times -f 1 \
    -rf json -rff "$out.json" "$@" | tee -a "$out.txt"
echo "# load after: $(uptime)" | tee -a "$out.txt"
