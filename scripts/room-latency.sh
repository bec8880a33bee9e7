#!/usr/bin/env bash
# How long a key pressed on the console (`plg run`) takes to show on the
# room's screen (`plg room`): a benchmark, not a test. Two tmux windows,
# one PLG_HOME; KEYS keys (default 50): Space (pause, then run again) and
# n / p (next phase, back), in turn. Each is timed from just before tmux
# sends it to the first capture of the room's pane that shows the change
# (PAUSED appearing or going, the phase number changing), captures taken
# back to back (a few ms each, which the figures include).
# Target: median under 100 ms, worst under 250 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-50}
cargo build --release -q
home=$(mktemp -d)
sock="$home/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; sleep 1.5; rm -rf "$home"' EXIT
plg="env PLG_HOME=$home TERM=xterm-256color $PWD/target/release/plg"
tmux -S "$sock" -f /dev/null new-session -d -s bench -n room -x 160 -y 45 "$plg room"
tmux -S "$sock" new-window -d -t bench -n console "$plg run tuning"
tmux -S "$sock" resize-window -t bench:console -x 120 -y 35

room() { tmux -S "$sock" capture-pane -p -t bench:room; }
wait_room() { # wait_room TEXT present|absent: polls until it holds; prints ms taken since $t0
    local text=$1 want=$2 s
    while :; do
        s=$(room)
        if [[ $want == present && $s == *"$text"* ]] || [[ $want == absent && $s != *"$text"* ]]; then
            break
        fi
        if (($(date +%s%N) - t0 > 5000000000)); then
            echo "timed out waiting for '$text' ($want) on the room's screen" >&2
            room >&2
            exit 1
        fi
    done
    echo $((($(date +%s%N) - t0) / 1000000))
}

t0=$(date +%s%N)
wait_room "Waiting for a meeting" present >/dev/null
tmux -S "$sock" send-keys -t bench:console Enter
t0=$(date +%s%N)
wait_room "PHASE 1 OF 8" present >/dev/null
sleep 1

times=()
space=()
next=()
for ((i = 0; i < keys; i++)); do
    case $((i % 4)) in
        0) key=Space; text=PAUSED; want=present ;;
        1) key=Space; text=PAUSED; want=absent ;;
        2) key=n; text="PHASE 2 OF 8"; want=present ;;
        3) key=p; text="PHASE 1 OF 8"; want=present ;;
    esac
    t0=$(date +%s%N)
    tmux -S "$sock" send-keys -t bench:console "$key"
    ms=$(wait_room "$text" "$want")
    times+=("$ms")
    if [[ $key == Space ]]; then space+=("$ms"); else next+=("$ms"); fi
    # Keys a facilitator presses are seconds apart; this leaves each its own change.
    sleep 0.2
done

stats() { # stats NAME VALUES...: median and worst
    local name=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v name="$name" '
        { v[NR] = $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%-18s %3d keys: median %5.1f ms, worst %4d ms, best %4d ms\n", name, NR, med, v[NR], v[1]
        }'
}
echo "from a key on the console to the room's screen showing it (tmux, capture-pane polling):"
stats "all keys" "${times[@]}"
stats "Space (pause/run)" "${space[@]}"
stats "n / p (phase)" "${next[@]}"
