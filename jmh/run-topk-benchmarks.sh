#!/usr/bin/env bash
# Top-k benchmarks (docs/benchmarks.md, "Top-k"). Usage:
#   jmh/run-topk-benchmarks.sh          kernels at the machine's preferred width -> results/topk-preferred/
#   jmh/run-topk-benchmarks.sh 256      kernels forced to 256 bits (-Dmeprop.vector.bits=256)
#   jmh/run-topk-benchmarks.sh avx2     the JIT limited to AVX2 (-XX:UseAVX=2): what an AVX2-only
#                                       machine runs, including its compress/table packing choice
# Builds jmh/, runs TopKBench, TopKBatchBench, TopKMassBench and TopKPackBench one after the other under the
# shared benchmark lock, keeps the JSON, and prints the tables (also saved as tables.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-preferred}"
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
case "$mode" in
  preferred) flags=() ;;
  128|256|512) flags=("-Dmeprop.vector.bits=$mode") ;;
  avx2) flags=("-XX:UseAVX=2") ;;
  *) echo "usage: $0 [preferred|128|256|512|avx2]" >&2; exit 2 ;;
esac
out="results/topk-$mode"
mkdir -p "$out"
mvn -B -q -f jmh/pom.xml package
jvm_append=()
if [ ${#flags[@]} -gt 0 ]; then jvm_append=(-jvmArgsAppend "${flags[*]}"); fi
{
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores;" \
       "flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512bw|avx512vl|avx512vbmi2' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  "$java" --add-modules jdk.incubator.vector "${flags[@]}" -cp jmh/target/benchmarks.jar \
      io.github.meprop.bench.KernelEnvironment 2>/dev/null
} > "$out/environment.txt"
cat "$out/environment.txt"
for bench in TopKBench TopKBatchBench TopKMassBench TopKPackBench; do
  flock /tmp/meprop-bench.lock "$java" --add-modules jdk.incubator.vector -jar jmh/target/benchmarks.jar \
      "^io.github.meprop.bench.$bench\." "${jvm_append[@]}" -rf json -rff "$out/$bench.json"
done
python3 jmh/topk_tables.py "$out" | tee "$out/tables.md"
