#!/usr/bin/env bash
# First frame: the time from starting a screen in tmux to its pane showing
# it, for the room's screen (`plg room`, waiting for a meeting) and the
# runner (`plg run tuning`, its setup screen), RUNS times each (default 10),
# alternating. Captures are taken back to back (a few ms each), so the
# figures include tmux starting the program. Target: the room's screen no
# slower than the runner.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release -q
home=$(mktemp -d)
sock="$home/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; sleep 1.5; rm -rf "$home"' EXIT
bin=$PWD/target/release/plg
tmux -S "$sock" -f /dev/null new-session -d -s ff -n idle -x 160 -y 45 "sleep 3600"

first_frame() { # first_frame TEXT ARGS...: ms until the pane shows TEXT
    local text=$1 t0 s
    shift
    t0=$(date +%s%N)
    tmux -S "$sock" new-window -d -t ff -n probe "env PLG_HOME=$home TERM=xterm-256color $bin $*"
    while :; do
        s=$(tmux -S "$sock" capture-pane -p -t ff:probe 2>/dev/null || true)
        [[ $s == *"$text"* ]] && break
        if (($(date +%s%N) - t0 > 10000000000)); then
            echo "timed out waiting for '$text'" >&2
            exit 1
        fi
    done
    echo $((($(date +%s%N) - t0) / 1000000))
    tmux -S "$sock" kill-window -t ff:probe
}

room=()
runner=()
for ((i = 0; i < runs; i++)); do
    room+=("$(first_frame "Waiting for a meeting" room)")
    runner+=("$(first_frame "Who is here" run tuning)")
done
stats() {
    local name=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v name="$name" '
        { v[NR] = $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%-28s %2d runs: median %5.1f ms, worst %4d ms, best %4d ms\n", name, NR, med, v[NR], v[1]
        }'
}
echo "from starting the screen in tmux to its first frame on the pane:"
stats "plg room (waiting)" "${room[@]}"
stats "plg run tuning (setup)" "${runner[@]}"
