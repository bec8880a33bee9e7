#!/usr/bin/env bash
# Times the review commands on 10,000 generated sessions: plg logs list with
# a cold and a warm index cache, plg report, a search across all text, and
# the time from starting the `plg logs` browser to its first frame (in tmux).
#
#   scripts/bench-review.sh            # 10,000 sessions
#   COUNT=2000 scripts/bench-review.sh # fewer, for a quick look
#
# Uses hyperfine when it is installed (apt-get install hyperfine), otherwise
# a plain loop with date +%s%N. Everything happens in a temporary folder that
# is removed at the end; nothing touches your own plg folders.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${COUNT:-10000}"
SEED="${SEED:-7}"
RUNS="${RUNS:-10}"
WORD="${WORD:-pond study}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

cargo build --release --quiet --bin plg --example gen_sessions
PLG="$CARGO_TARGET_DIR/release/plg"
GEN="$CARGO_TARGET_DIR/release/examples/gen_sessions"

# DATA=DIR keeps the generated sessions there and reuses them next time.
if [ -n "${DATA:-}" ]; then
    WORK="$DATA"
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
fi
export PLG_HOME="$WORK/home"

have=0
if [ -d "$PLG_HOME/sessions" ]; then
    have=$(find "$PLG_HOME/sessions" -maxdepth 1 -name '*.yaml' | wc -l)
fi
if [ "$have" -ne "$COUNT" ]; then
    rm -rf "$PLG_HOME"
    echo "Generating $COUNT sessions…"
    gen_start=$(date +%s%N)
    "$GEN" --count "$COUNT" --out "$PLG_HOME/sessions" --seed "$SEED"
    gen_end=$(date +%s%N)
    echo "  generated in $(( (gen_end - gen_start) / 1000000 )) ms"
fi
echo "$COUNT sessions, $(du -sh "$PLG_HOME/sessions" | cut -f1) of YAML"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)"

cold="rm -rf '$PLG_HOME/cache'"
if command -v hyperfine >/dev/null 2>&1; then
    # Cold runs are few: each one parses every file.
    hyperfine --style basic --runs 3 \
        --export-markdown "$WORK/cold.md" \
        --prepare "$cold" -n "logs list (cold cache)" "$PLG logs list"
    hyperfine --style basic --runs "$RUNS" --warmup 1 \
        --export-markdown "$WORK/warm.md" \
        -n "logs list (warm cache)" "$PLG logs list" \
        -n "report (warm cache)" "$PLG report" \
        -n "logs list --search '$WORD' (warm cache)" "$PLG logs list --search '$WORD'"
    echo
    cat "$WORK/cold.md"
    tail -n +3 "$WORK/warm.md"
else
    echo "(hyperfine not installed; timing a loop of $RUNS runs with date +%s%N)"
    time_it() {
        local name="$1" prepare="$2"; shift 2
        local total=0 min=0
        eval "$prepare"
        "$@" >/dev/null 2>&1 # warm-up
        for _ in $(seq "$RUNS"); do
            eval "$prepare"
            local s e
            s=$(date +%s%N)
            "$@" >/dev/null 2>&1
            e=$(date +%s%N)
            local ms=$(( (e - s) / 1000000 ))
            total=$(( total + ms ))
            if [ "$min" -eq 0 ] || [ "$ms" -lt "$min" ]; then min=$ms; fi
        done
        printf '%-45s mean %5d ms   min %5d ms\n' "$name" $(( total / RUNS )) "$min"
    }
    time_it "logs list (cold cache)" "$cold" "$PLG" logs list
    time_it "logs list (warm cache)" ":" "$PLG" logs list
    time_it "report (warm cache)" ":" "$PLG" report
    time_it "logs list --search '$WORD' (warm cache)" ":" "$PLG" logs list --search "$WORD"
fi
echo
echo "index cache: $(du -sh "$PLG_HOME/cache" | cut -f1); sessions matching '$WORD': $("$PLG" logs list --search "$WORD" --json | grep -c '"id"')"

# The browser: from starting `plg logs` in a terminal to the table on screen.
# tmux is polled every 5 ms, so the figure includes up to that much waiting.
if command -v tmux >/dev/null 2>&1; then
    frames=()
    for i in $(seq "$RUNS"); do
        # A fresh server each run: reusing a socket races with the last server's exit.
        sock="$WORK/first-frame-$i.sock"
        start=$(date +%s%N)
        tmux -S "$sock" -f /dev/null new-session -d -s ff -x 120 -y 40 \
            "env PLG_HOME=$PLG_HOME TERM=xterm-256color $PLG logs"
        until tmux -S "$sock" capture-pane -p -t ff 2>/dev/null | grep -q "past sessions"; do
            sleep 0.005
        done
        end=$(date +%s%N)
        tmux -S "$sock" kill-server 2>/dev/null || true
        rm -f "$sock"
        frames+=($(( (end - start) / 1000000 )))
    done
    sorted=$(printf '%s\n' "${frames[@]}" | sort -n)
    echo "plg logs to first frame (warm cache, $RUNS runs): median $(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p") ms, min $(echo "$sorted" | head -1) ms, max $(echo "$sorted" | tail -1) ms"
fi
