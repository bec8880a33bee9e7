#!/usr/bin/env bash
# Measures the CPU that `plg run` uses while a meeting clock runs and nobody
# touches a key: the share of one core over SECONDS (default 30), read from
# /proc/PID/stat. Target: under 0.5%.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cargo build --release -q
home=$(mktemp -d)
sock="$home/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT
tmux -S "$sock" -f /dev/null new-session -d -s idle -x 160 -y 45 \
    "env PLG_HOME=$home TERM=xterm-256color $PWD/target/release/plg run tuning"
sleep 1
tmux -S "$sock" send-keys -t idle Enter
sleep 2
pid=$(pgrep -f "target/release/plg run tuning" | head -n1)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# The current phase's timeline row shows the time left: proof the clock runs.
shown() { tmux -S "$sock" capture-pane -p -t idle | grep -m1 '▶' | tr -s ' ' || true; }
echo "clock at start: $(shown)"
before=$(cpu)
sleep "$seconds"
after=$(cpu)
echo "clock at end:   $(shown)"
awk -v a="$after" -v b="$before" -v t="$ticks" -v s="$seconds" \
    'BEGIN { printf "idle CPU of plg run over %d s: %.3f%% of one core (%d ticks of 1/%d s)\n", s, (a - b) / t / s * 100, a - b, t }'
