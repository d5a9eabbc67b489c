#!/usr/bin/env bash
# Interleaved A/B of the CLI's training epochs: OLD and NEW meprop jars alternate, ROUNDS times,
# each training MNIST (MEPROP_DATA or ./data) for EPOCHS epochs in each mode, one thread, no
# dropout, with --json; jmh/cli_ab_table.py OUTDIR prints the per-batch phase times of epochs 2+.
# Run it with nothing else on the machine.
#
# usage: jmh/run-cli-ab.sh OLD.jar NEW.jar ROUNDS EPOCHS OUTDIR
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 OLD.jar NEW.jar ROUNDS EPOCHS OUTDIR" >&2
  exit 2
fi
old=$1 new=$2 rounds=$3 epochs=$4 out=$5
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for mode in topk dense; do
    for side in old new; do
      jar=$old
      [ "$side" = new ] && jar=$new
      "$JAVA" --add-modules jdk.incubator.vector -jar "$jar" train --mode "$mode" --dropout 0 --epochs "$epochs" \
        --threads 1 --progress none --json "$out/$side-$mode-$r.json" > "$out/$side-$mode-$r.log" 2>&1
      echo "$side $mode round $r done"
    done
  done
done
