#!/usr/bin/env bash
# Opens an exported session and a report in headless Chromium and fails if
# the browser logs console errors or the page comes out empty. Not part of
# `cargo test` (CI machines have no Chromium); run it by hand after changing
# the HTML output:
#
#   scripts/check-html.sh            # needs chromium (apt-get install chromium)
#   KEEP=/tmp/html scripts/check-html.sh   # keep the pages and screenshots there
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$CHROMIUM" ]; then
    echo "check-html: chromium not found (apt-get install chromium)" >&2
    exit 2
fi

cargo build --release --quiet --bin plg --example gen_sessions
PLG="$CARGO_TARGET_DIR/release/plg"
WORK="${KEEP:-$(mktemp -d)}"
mkdir -p "$WORK"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
export PLG_HOME="$WORK/home"
rm -rf "$PLG_HOME"

"$CARGO_TARGET_DIR/release/examples/gen_sessions" --count 80 --groups 3 --out "$PLG_HOME/sessions" --seed 11 >/dev/null
id="$("$PLG" logs list --json | sed -n 's/^ *"id": "\(.*\)",$/\1/p' | sed -n 3p)"
group="$("$PLG" logs list --json | sed -n 's/^ *"group": "\(.*\)",$/\1/p' | head -1)"
"$PLG" export "$id" --format html -o "$WORK/session.html" --force
"$PLG" report --group "$group" --format html -o "$WORK/report.html" --force

status=0
for page in session report; do
    file="$WORK/$page.html"
    profile="$(mktemp -d)"
    flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
        --disable-background-networking --disable-component-update --disable-sync
        --user-data-dir="$profile" --enable-logging=stderr --v=0)
    "$CHROMIUM" "${flags[@]}" --dump-dom "file://$file" >"$WORK/$page.dom" 2>"$WORK/$page.log" || true
    "$CHROMIUM" "${flags[@]}" --window-size=1100,1400 --screenshot="$WORK/$page.png" "file://$file" \
        >/dev/null 2>>"$WORK/$page.log" || true
    rm -rf "$profile"
    errors="$(grep -E 'CONSOLE|Uncaught|ERROR:CONSOLE' "$WORK/$page.log" || true)"
    bytes=$(wc -c <"$WORK/$page.dom")
    text="$(sed -e 's/<[^>]*>//g' "$WORK/$page.dom" | tr -s '[:space:]' ' ')"
    if [ -n "$errors" ]; then
        echo "FAIL $page.html: console messages:" >&2
        echo "$errors" >&2
        status=1
    elif [ "$bytes" -lt 1000 ] || [ "${#text}" -lt 200 ]; then
        echo "FAIL $page.html: the rendered page is empty ($bytes bytes of DOM)" >&2
        status=1
    else
        echo "ok   $page.html: $bytes bytes of DOM, ${#text} characters of text, no console errors$([ -s "$WORK/$page.png" ] && echo ", screenshot $page.png")"
    fi
done
grep -q '<article' "$WORK/session.dom" || { echo "FAIL session.html has no <article>" >&2; status=1; }
grep -q '<svg' "$WORK/report.dom" || { echo "FAIL report.html has no chart" >&2; status=1; }
[ -n "${KEEP:-}" ] && echo "pages, DOM dumps, logs and screenshots kept in $WORK"
exit $status
