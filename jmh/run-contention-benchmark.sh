#!/usr/bin/env bash
# Training steps on 1 and 2 threads, on a quiet machine and with one CPU-bound competing process,
# side by side (docs/benchmarks.md, "Parallel work under contention").
#
#   jmh/run-contention-benchmark.sh [--baseline GIT-REF] [--rounds N] [--quick]
#
# Runs TrainStepBench.step (784-500-500-10, batch 100, dense Adam; dense and per-example top-20
# backward) with -p threads=1,2, first with nothing else running, then with `sha256sum /dev/zero`
# running (one process that keeps one core busy). With --baseline REF the same runs are made on a
# build of REF (checked out with git archive into a temporary folder), interleaved with this
# tree's, so that both builds see the same machine. The whole sequence is repeated N times
# (--rounds, default 3) and the table takes the median over all rounds, so that a burst of other
# load hits both builds alike. --quick: fewer and shorter iterations, one round.
# Needs JDK 25 (JAVA_HOME) and python3; results go to results/contention/.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
baseline=""
rounds=3
iterations=(-f 1 -wi 3 -w 1 -i 5 -r 1)
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --quick) iterations=(-f 1 -wi 2 -w 1 -i 3 -r 1); rounds=1; shift ;;
    *) echo "usage: $0 [--baseline GIT-REF] [--rounds N] [--quick]" >&2; exit 2 ;;
  esac
done
out=results/contention
rm -rf "$out"
mkdir -p "$out"

mvn -B -q -f jmh/pom.xml package
builds=(this)
jars=(jmh/target/benchmarks.jar)
if [ -n "$baseline" ]; then
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' EXIT
  git archive "$baseline" | tar -x -C "$tree"
  mvn -B -q -f "$tree/jmh/pom.xml" package
  builds+=(baseline)
  jars+=("$tree/jmh/target/benchmarks.jar")
fi

competitor=""
stop_competitor() {
  if [ -n "$competitor" ]; then
    kill "$competitor" 2>/dev/null || true
    wait "$competitor" 2>/dev/null || true
    competitor=""
  fi
}
trap 'stop_competitor; [ -n "${tree:-}" ] && rm -rf "$tree"' EXIT

run() { # build-index condition round
  local i=$1 condition=$2 round=$3
  flock /tmp/meprop-bench.lock "$JAVA" --add-modules jdk.incubator.vector -jar "${jars[$i]}" 'TrainStepBench.step$' \
      -p mode=dense,topk -p k=20 -p adam=dense -p threads=1,2 -p dropout=0 "${iterations[@]}" \
      -rf json -rff "$out/${builds[$i]}-$condition-$round.json" | grep -E '^TrainStepBench' || true
}

for round in $(seq 1 "$rounds"); do
  for condition in quiet busy; do
    for i in "${!builds[@]}"; do
      if [ "$condition" = busy ]; then
        sha256sum /dev/zero >/dev/null &
        competitor=$!
      fi
      echo "== round $round, ${builds[$i]}, $condition (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
      run "$i" "$condition" "$round"
      stop_competitor
    done
  done
done

args=()
for b in "${builds[@]}"; do
  args+=("$b=$out/$b-quiet-*.json,$out/$b-busy-*.json")
done
python3 jmh/contention_table.py "${args[@]}" | tee "$out/table.md"
