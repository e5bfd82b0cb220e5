#!/bin/sh
# The same-card race of issue 9: PROCS processes each grade one card GRADES times with `rate`, all
# at once, on the real clock; repeated RUNS times. Every grade must be kept and none refused.
#
#   benches/same_card_race.sh                       release binary, 10 runs of 3 x 25
#   BIN=target/debug/prepdrill RUNS=3 benches/same_card_race.sh
#
# Prints, per run, the reviews kept out of those given, the refusals, and the wall time.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
procs=${PROCS:-3}
grades=${GRADES:-25}
bin=${BIN:-}
if [ -z "$bin" ]; then
    echo "building the release binary..." >&2
    (cd "$repo" && cargo build --release --quiet)
    bin=${CARGO_TARGET_DIR:-$repo/target}/release/prepdrill
fi
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
expected=$((procs * grades))
failed_runs=0
run=1
while [ "$run" -le "$runs" ]; do
    data=$work/run$run
    mkdir -p "$data"
    start=$(date +%s.%N)
    p=1
    while [ "$p" -le "$procs" ]; do
        (
            g=1
            while [ "$g" -le "$grades" ]; do
                env -u PREPDRILL_NOW "$bin" --data-dir "$data" rate threat-model-mvp good \
                    >/dev/null 2>>"$data/refused.$p" || true
                g=$((g + 1))
            done
        ) &
        p=$((p + 1))
    done
    wait
    end=$(date +%s.%N)
    kept=$(grep -o '"id":' "$data/progress.json" | wc -l)
    refused=$(cat "$data"/refused.* | grep -c 'error' || true)
    secs=$(echo "$end - $start" | bc)
    echo "run $run: $kept/$expected kept, $refused refused, ${secs}s"
    [ "$kept" -eq "$expected" ] && [ "$refused" -eq 0 ] || failed_runs=$((failed_runs + 1))
    run=$((run + 1))
done
echo "$((runs - failed_runs))/$runs runs kept every grade ($procs processes x $grades grades of one card)"
[ "$failed_runs" -eq 0 ]
