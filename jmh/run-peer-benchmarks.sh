#!/usr/bin/env bash
# meprop's training step against DJL/PyTorch and DL4J, and single-row inference against DJL, in one
# run with the FMA peak (docs/benchmarks.md, "Peers: training step and inference").
#
#   jmh/run-peer-benchmarks.sh [--quick] [THREADS ...]      (default threads: 1 2)
#
# Builds jmh/ with the peer profile (`-P peers`: DJL 0.36 + PyTorch 2.7.1 CPU, DL4J/ND4J 1.0.0-M2.1
# AVX-512 build with OpenBLAS; the first build downloads several hundred MB from Maven Central), then
# for each thread count T, each under the benchmark lock:
#   PeakBench -t T; TrainStepBench.step (dense and per-example top-20, dense Adam, no dropout,
#   threads=T); DjlTrainStepBench and Dl4jTrainStepBench (threads=T),
# with OMP_NUM_THREADS, MKL_NUM_THREADS and OPENBLAS_NUM_THREADS set to T for the native libraries
# (besides each library's own setting, see the benchmark classes); then InferenceBench and
# DjlInferenceBench at batch 1 and 100 (original 500-500 and simplified 140-277 hidden widths, 1
# thread). Prints the tables (jmh/peer_table.py) and saves them with the JSON in results/peers/.
# Needs JDK 25 (JAVA_HOME) and python3. About 12 minutes for threads 1 and 2 (--quick: about 5).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
iterations=(-f 1 -wi 8 -w 1 -i 8 -r 1)
threads=()
for a in "$@"; do
  case "$a" in
    --quick) iterations=(-f 1 -wi 4 -w 1 -i 4 -r 1) ;;
    *) threads+=("$a") ;;
  esac
done
[ ${#threads[@]} -eq 0 ] && threads=(1 2)
out=results/peers
rm -rf "$out"
mkdir -p "$out"
mvn -B -q -f jmh/pom.xml -P peers package
jar=jmh/target/benchmarks.jar
{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) CPUs"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/environment.txt"
bench() { # json-name args...
  local name=$1
  shift
  flock /tmp/meprop-bench.lock "$JAVA" --add-modules jdk.incubator.vector -jar "$jar" "$@" \
      -rf json -rff "$out/$name.json" | grep -E '^(Benchmark|[A-Z][A-Za-z0-9]*Bench\.)' || true
}
for t in "${threads[@]}"; do
  export OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t
  bench "peak-${t}t" 'PeakBench' -t "$t"
  bench "steps-${t}t" '(TrainStepBench.step|DjlTrainStepBench.step|Dl4jTrainStepBench.step)$' \
      -p mode=dense,topk -p k=20 -p adam=dense -p dropout=0 -p threads="$t" "${iterations[@]}"
done
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
bench inference '(InferenceBench|DjlInferenceBench).forward$' -p hidden=500-500,140-277 -p batch=1,100 \
    "${iterations[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/environment.txt"
python3 jmh/peer_table.py "$out" | tee "$out/tables.md"
