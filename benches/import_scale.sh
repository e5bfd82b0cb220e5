#!/bin/sh
# Import time against the length of a page's question list, on the release binary.
#
#   benches/import_scale.sh                 20,000, 50,000 and 100,000 questions
#   BIN=target/debug/prepdrill SIZES="5000 10000" benches/import_scale.sh
#
# The page lists every question at the top (the layout of interview-prep sites), then a block per
# question; half the questions are the same ("Tell me about a time you failed?", whose ids get
# numbered), half distinct. Linear import shows as a constant time per 1,000 questions.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=${SIZES:-"20000 50000 100000"}
if [ -z "${BIN:-}" ]; then
    echo "building the release binary..." >&2
    (cd "$repo" && cargo build --release --quiet)
    BIN=${CARGO_TARGET_DIR:-$repo/target}/release/prepdrill
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in $sizes; do
    awk -v n="$n" 'BEGIN {
        print "Big Engineer Interview Questions"; print "Interview Questions for Big Engineer"
        for (i = 0; i < n; i++) print (i % 2 ? "How would you design service number " i "?" : "Tell me about a time you failed?")
        print "-"
        for (i = 0; i < n; i++) {
            print (i % 2 ? "How would you design service number " i "?" : "Tell me about a time you failed?")
            print "Employers ask this question to see judgement."
            print "Answer Example: \"I would measure first, case " i ".\""
            print "-"
        }
    }' > "$work/page.txt"
    start=$(date +%s.%N)
    "$BIN" import "$work/page.txt" -o "$work/out.yaml" --force 2>/dev/null
    end=$(date +%s.%N)
    echo "$n $start $end" | awk '{ t = $3 - $2; printf "%7d questions: %6.2f s, %.3f s per 1,000\n", $1, t, t * 1000 / $1 }'
done
