#!/bin/sh
# Idle cost and key-press latency of the full-screen drill, measured on the release binary in tmux.
#
#   benches/drill_idle.sh            build, then measure
#   IDLE_SECS=30 benches/drill_idle.sh
#
# Idle: the drill waits on a question for IDLE_SECS (default 10) seconds; utime+stime from
# /proc/PID/stat before and after give its CPU use as a percentage of one core. The target is
# under 1%.
# Latency: `?` toggles the help overlay; the time from `tmux send-keys` until `capture-pane` shows
# the change, median of 10 (so it includes tmux's own round trip and the poll step of ~2 ms).
#
# Needs tmux and Linux /proc. Uses its own tmux server socket, so it never touches yours.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
idle_secs=${IDLE_SECS:-10}
target_dir=${CARGO_TARGET_DIR:-$repo/target}

echo "building the release binary..." >&2
(cd "$repo" && cargo build --release --quiet)
bin=$target_dir/release/prepdrill
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }

work=$(mktemp -d)
socket=prepdrill-bench-$$
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

cat >"$work/bank.yaml" <<'EOF'
deck: bench
title: Bench
role: Engineer
answer_time_secs: 3600
questions:
  - id: idle-question
    category: technical
    question: "Benchmark question: wait here without answering."
    why: "To measure the cost of waiting."
    answer: "Nothing to say."
    key_points: ["Nothing"]
EOF

# A candidate who already answered the first drill's interview question (no interview).
mkdir -p "$work/.config/prepdrill"
echo "interview-date: none" >"$work/.config/prepdrill/config.yaml"

ms_now() { date +%s%N | cut -c1-13; }
screen() { tmux -L "$socket" capture-pane -p -t bench; }

# `exec` so the pane's process is prepdrill itself, not a shell around it.
tmux -L "$socket" -f /dev/null new-session -d -s bench -x 80 -y 24 \
    "exec env -i PATH='$PATH' HOME='$work' TERM=xterm-256color TZ=UTC '$bin' drill --quiet --bank '$work/bank.yaml' --data-dir '$work/data'"

deadline=$(( $(date +%s) + 10 ))
until screen | grep -q "Benchmark question"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the question never appeared:" >&2; screen >&2; exit 1; }
    sleep 0.05
done
pid=$(tmux -L "$socket" list-panes -t bench -F '#{pane_pid}')
[ "$(cat "/proc/$pid/comm")" = prepdrill ] || { echo "pane process $pid is not prepdrill" >&2; exit 1; }

# utime and stime are fields 14 and 15; the command name (field 2) has no spaces here.
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
# Ticks are coarse (10 ms); schedstat, where the kernel has it, counts nanoseconds on the CPU.
ns() { if [ -r "/proc/$pid/schedstat" ]; then cut -d' ' -f1 "/proc/$pid/schedstat"; else echo 0; fi; }
before=$(ticks)
before_ns=$(ns)
start=$(ms_now)
sleep "$idle_secs"
after=$(ticks)
after_ns=$(ns)
elapsed_ms=$(( $(ms_now) - start ))
awk -v t=$((after - before)) -v hz="$hz" -v ms="$elapsed_ms" 'BEGIN {
    printf "idle CPU (utime+stime): %d ticks of 1/%d s over %.1f s = %.2f%% of one core\n", t, hz, ms / 1000, 100 * t / hz / (ms / 1000)
}'
if [ "$after_ns" -gt 0 ]; then
    awk -v ns=$((after_ns - before_ns)) -v ms="$elapsed_ms" 'BEGIN {
        printf "idle CPU (schedstat): %.2f ms on CPU over %.1f s = %.3f%% of one core\n", ns / 1e6, ms / 1000, 100 * ns / 1e6 / ms
    }'
fi

# Key press to redrawn screen: toggle the help overlay on and off, ten times each way.
latencies=""
for i in 1 2 3 4 5 6 7 8 9 10; do
    if [ $((i % 2)) -eq 1 ]; then want="close help"; else want="Space reveal"; fi
    t0=$(ms_now)
    tmux -L "$socket" send-keys -t bench '?'
    deadline=$(( $(date +%s) + 5 ))
    until screen | grep -q "$want"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "no redraw after a key press" >&2; exit 1; }
    done
    latencies="$latencies $(( $(ms_now) - t0 ))"
done
echo "$latencies" | tr ' ' '\n' | grep . | sort -n | awk '
    { v[NR] = $1 }
    END { printf "key press to redraw: median %d ms (min %d, max %d, n=%d)\n", (v[5] + v[6]) / 2, v[1], v[NR], NR }'

# What one poll step costs, for reading the figure above: a capture that finds its text at once.
t0=$(ms_now)
for i in 1 2 3 4 5 6 7 8 9 10; do screen | grep -q "Space reveal"; done
echo "one capture-pane poll: $(( ($(ms_now) - t0) / 10 )) ms"

tmux -L "$socket" send-keys -t bench q
