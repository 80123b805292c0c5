#!/usr/bin/env bash
# Benchmark of `artifacts gather`: a 500 MiB artifact served on 127.0.0.1, gathered under -Xmx128m (BENCH_HEAP=64m to try less).
#   bench/artifacts-gather.sh [sizeMiB=500] [runs=3] [workDir=target/bench-artifacts]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -Dstyle.color=never test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
work="${3:-target/bench-artifacts}"
exec java -Xmx"${BENCH_HEAP:-128m}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  spacktainers.bench.ArtifactsGatherBench "${1:-500}" "${2:-3}" "$work"
