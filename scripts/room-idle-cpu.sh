#!/usr/bin/env bash
# The room's screen at rest: the CPU that `plg room` uses while the meeting
# clock runs and nobody touches a key, beside the console it follows and a
# runner alone (single-screen, as scripts/idle-cpu.sh measures it), all
# three over the same SECONDS (default 30), read from /proc/PID/stat.
# Target: the room's screen no costlier than the runner alone.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cargo build --release -q
home=$(mktemp -d)
alone=$(mktemp -d)
sock="$home/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; sleep 1.5; rm -rf "$home" "$alone"' EXIT
bin=$PWD/target/release/plg
tmux -S "$sock" -f /dev/null new-session -d -s idle -n room -x 160 -y 45 \
    "env PLG_HOME=$home TERM=xterm-256color $bin room"
tmux -S "$sock" new-window -d -t idle -n console "env PLG_HOME=$home TERM=xterm-256color $bin run tuning"
tmux -S "$sock" new-window -d -t idle -n alone "env PLG_HOME=$alone TERM=xterm-256color $bin run tuning"
for w in console alone; do tmux -S "$sock" resize-window -t "idle:$w" -x 160 -y 45; done
sleep 1
tmux -S "$sock" send-keys -t idle:console Enter
tmux -S "$sock" send-keys -t idle:alone Enter
sleep 3
pid() { tmux -S "$sock" display-message -p -t "idle:$1" '#{pane_pid}'; }
room=$(pid room)
console=$(pid console)
runner=$(pid alone)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
shown() { tmux -S "$sock" capture-pane -p -t idle:console | grep -m1 '▶' | tr -s ' ' || true; }
if ! tmux -S "$sock" capture-pane -p -t idle:console | grep -q "ROOM SCREEN ATTACHED"; then
    tmux -S "$sock" capture-pane -p -t idle:console >&2
    echo "the room screen did not attach" >&2
    exit 1
fi
echo "clock at start: $(shown)"
b_room=$(cpu "$room")
b_console=$(cpu "$console")
b_runner=$(cpu "$runner")
sleep "$seconds"
a_room=$(cpu "$room")
a_console=$(cpu "$console")
a_runner=$(cpu "$runner")
echo "clock at end:   $(shown)"
report() {
    awk -v n="$1" -v a="$2" -v b="$3" -v t="$ticks" -v s="$seconds" \
        'BEGIN { printf "%-32s %.3f%% of one core over %d s (%d ticks of 1/%d s)\n", n, (a - b) / t / s * 100, s, a - b, t }'
}
report "plg room (the room's screen)" "$a_room" "$b_room"
report "plg run with the room attached" "$a_console" "$b_console"
report "plg run alone (single screen)" "$a_runner" "$b_runner"
