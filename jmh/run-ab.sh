#!/usr/bin/env bash
# Two JMH jars side by side, interleaved (docs/benchmarks.md, "Evening run, 2026-12-07"):
#
#   jmh/run-ab.sh OLD.jar NEW.jar ROUNDS OUTDIR -- JMH-ARGUMENTS...
#
# For each round, one fork of OLD then one fork of NEW, with the same JMH arguments; each fork's
# JSON goes to OUTDIR/old-R.json and OUTDIR/new-R.json, its console to .log beside it. On a
# machine whose speed drifts (other tenants, steal), alternating the builds makes a drift hit both
# alike; compare medians over all rounds (jmh/ab_table.py OUTDIR). Build a jar of another commit
# with: git worktree add /tmp/old REF && (cd /tmp/old && mvn -q install -DskipTests && cd jmh &&
# mvn -q package) and take /tmp/old/jmh/target/benchmarks.jar. Needs JAVA_HOME (JDK 25).
set -euo pipefail
if [ $# -lt 5 ] || [ "$5" != "--" ]; then
  echo "usage: $0 OLD.jar NEW.jar ROUNDS OUTDIR -- JMH-ARGUMENTS..." >&2
  exit 2
fi
old=$1 new=$2 rounds=$3 out=$4
shift 5
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for side in old new; do
    jar=$old
    [ "$side" = new ] && jar=$new
    "$JAVA" --add-modules jdk.incubator.vector -jar "$jar" "$@" -f 1 -rf json -rff "$out/$side-$r.json" \
      > "$out/$side-$r.log" 2>&1
    echo "$side round $r done"
  done
done
