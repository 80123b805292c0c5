#!/usr/bin/env bash
# Benchmark of 'cache prune' against embedded S3Proxy: a v2 cache of 20,000 specs (~60,000 objects).
# Usage: bench/cache-prune.sh [repetitions [scratch-dir]]   (default 3, /dev/shm; the heap is capped at 512 MB)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -ntp -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  spacktainers.bench.CachePruneBench "${1:-3}" "${2:-/dev/shm}"
