#!/usr/bin/env bash
# Runs the linear-kernel benchmarks published in docs/benchmarks.md
# (## Linear kernels (LinearBench, PeakBench, SparseBackwardBench)) and prints the tables.
# Needs JDK 25 (JAVA_HOME) and, for the native rows, OpenBLAS: apt-get install -y libopenblas0-pthread
# Usage: jmh/run-linear-benchmarks.sh [512|256]   (vector width of our kernels; default: preferred)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
bits="${1:-}"
tag="${bits:-preferred}"
width=()
if [ -n "$bits" ]; then width=(-jvmArgsAppend "-Dmeprop.vector.bits=$bits"); fi
out=results/linear-$tag
mkdir -p "$out"
mvn -B -q -f jmh/pom.xml package
jmh() { flock /tmp/meprop-bench.lock "$JAVA" --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar "$@"; }
jmh PeakBench -t 1 "${width[@]}" -rf json -rff "$out/peak-1t.json"
jmh PeakBench -t 2 "${width[@]}" -rf json -rff "$out/peak-2t.json"
jmh LinearBench -p threads=1 "${width[@]}" -rf json -rff "$out/linear-1t.json"
jmh 'LinearBench.*_(meprop|ejml|openblas)$' -p threads=2 "${width[@]}" -rf json -rff "$out/linear-2t.json"
jmh SparseBackwardBench "${width[@]}" -rf json -rff "$out/sparse.json"
lanes=$("$JAVA" --add-modules jdk.incubator.vector ${bits:+-Dmeprop.vector.bits=$bits} \
    -cp jmh/target/benchmarks.jar io.github.meprop.bench.Lanes 2>/dev/null)
python3 jmh/linear_tables.py --lanes "$lanes" --peak "$out/peak-1t.json" --peak2 "$out/peak-2t.json" \
    --linear "$out/linear-1t.json" "$out/linear-2t.json" --sparse "$out/sparse.json" | tee "$out/tables.md"
