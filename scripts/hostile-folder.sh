#!/usr/bin/env bash
# Plants what a hostile colleague with write access to a shared folder could,
# runs a plg binary against each case, and prints one row per case: exit
# code, wall time, peak memory, and whether a file outside plg's folders was
# written. Used for the before/after table of the shared-folder work:
#
#   scripts/hostile-folder.sh target/release/plg
#
# Each case runs with a 60 s deadline and a 6 GiB address-space limit, so a
# plg that reads forever is stopped instead of taking the machine.
set -uo pipefail

BIN=$(realpath "${1:?usage: hostile-folder.sh PATH-TO-PLG}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

FIXTURE="$(dirname "$0")/../tests/fixtures/hostile/record.yaml"
record() { # DIR NAME STATUS: a real record, with the status given
    mkdir -p "$1"
    sed "s/^status: .*/status: $3/" "$FIXTURE" >"$1/$2"
}

fresh() { # a home folder with one record in progress
    H="$WORK/home-$1"
    rm -rf "$H"
    mkdir -p "$H/sessions"
    record "$H/sessions" 2026-10-01T1500_tuning.yaml in-progress
    printf 'precious\n' >"$WORK/victim.txt"
}

row() { # NAME ARGS...: run plg, print a row
    local name=$1
    shift
    local t0 t1 out
    t0=$(date +%s.%N)
    out=$( (ulimit -v 6291456; PLG_HOME="$H" timeout -s KILL 60 /usr/bin/time -f '%M' "$BIN" "$@" </dev/null >"$WORK/stdout" 2>"$WORK/stderr"); echo "exit=$?")
    t1=$(date +%s.%N)
    local rss
    rss=$(tail -n1 "$WORK/stderr" 2>/dev/null)
    [[ $rss =~ ^[0-9]+$ ]] || rss="?"
    local victim="intact"
    [[ $(cat "$WORK/victim.txt" 2>/dev/null) == precious ]] || victim="OVERWRITTEN"
    local panic=""
    grep -q panicked "$WORK/stderr" && panic=" panic"
    local esc=""
    LC_ALL=C grep -q $'\x1b' "$WORK/stdout" "$WORK/stderr" && esc=" ESC-in-output"
    printf '| %s | %s | %.2f s | %s MB | victim %s%s%s | %s KB out |\n' "$name" "${out#exit=}" \
        "$(echo "$t1 - $t0" | bc)" "$([[ $rss == "?" ]] && echo "?" || echo $((rss / 1024)))" \
        "$victim" "$panic" "$esc" "$(($(wc -c <"$WORK/stdout") / 1024))"
}

echo "| case | exit | time | peak memory | effect | stdout |"
echo "| --- | --- | --- | --- | --- | --- |"

fresh 1
ln -s "$WORK/victim.txt" "$H/sessions/.2026-10-01T1500_tuning.yaml.lock"
row "1 lock file is a link (resume)" resume

fresh 3
mkdir -p "$H/schemas"
ln -s "$WORK/victim.txt" "$H/schemas/protocol.schema.json"
row "3 schema is a link (new protocol)" new protocol p

fresh 4
mkfifo "$WORK/out.md"
row "4 export --force onto a FIFO" export 2026-10-01T1500_tuning -o "$WORK/out.md" --force
[[ -p "$WORK/out.md" ]] && echo "|   | FIFO still there | | | | |" || echo "|   | FIFO replaced by a file | | | | |"
rm -f "$WORK/out.md"

fresh 5
ln -s /dev/zero "$H/sessions/z.yaml"
row "5 record links to /dev/zero (logs list)" logs list

fresh 6
mkfifo "$H/sessions/f.yaml"
row "6 record is a FIFO (logs list)" logs list
row "6 record is a FIFO (resume)" resume

fresh 7
# A valid record whose first note's text is 1 MB, anchored, and repeated by 1,000 notes.
python3 - "$FIXTURE" "$H/sessions/2026-01-01T0000_bomb.yaml" <<'EOF'
import sys
text = open(sys.argv[1]).read()
big = "x" * (1024 * 1024)
head, rest = text.split("notes:\n", 1)
note = "- at: 2026-11-19T15:40:01-05:00\n  step: 2\n  phase: P\n  kind: note\n  text: *big\n"
first = "- at: 2026-11-19T15:40:01-05:00\n  step: 2\n  phase: P\n  kind: note\n  text: &big \"" + big + "\"\n"
open(sys.argv[2], "w").write(head + "notes:\n" + first + note * 1000 + rest)
EOF
row "7 1 MB anchored, 1000 aliases (logs list)" logs list
row "7 same (logs show)" logs show 2026-01-01T0000_bomb

fresh 8
python3 -c "import sys; open(sys.argv[1],'w').write('version: 2\nstatus: completed\nx: ' + '['*100000 + ']'*100000 + '\n')" "$H/sessions/2026-01-02T0000_deep.yaml"
row "8 nesting 100,000 deep (logs list)" logs list

fresh 10
record "$H/sessions" 2026-10-02T1500_tuning.yaml completed
sed -i 's/^protocol_name: .*/protocol_name: "T\\e]52;c;cHduZWQ=\\a\\e[2J"/' "$H/sessions/2026-10-02T1500_tuning.yaml"
row "10 escape sequences in a name (logs show)" logs show 2026-10-02T1500_tuning
row "10 same (logs list)" logs list

fresh 11
sed -i '0,/planned_seconds: [0-9]*/s//planned_seconds: 9223372036854775807/' "$H/sessions/2026-10-01T1500_tuning.yaml"
row "11 planned_seconds out of range (resume)" resume

fresh 12
t0=$(date +%s.%N)
"$BIN" completions bash 2>"$WORK/stderr" | true
code=${PIPESTATUS[0]}
printf '| 12 completions into a closed pipe | %s | %.2f s | | %s | |\n' "$code" "$(echo "$(date +%s.%N) - $t0" | bc)" \
    "$(grep -q panicked "$WORK/stderr" && echo panic || echo "no panic")"

fresh 13
printf '\xef\xbb\xbf' | cat - "$H/sessions/2026-10-01T1500_tuning.yaml" >"$WORK/bom" && mv "$WORK/bom" "$H/sessions/2026-10-01T1500_tuning.yaml"
row "13 record with a byte-order mark (logs list --json)" logs list --json
grep -q 2026-10-01T1500_tuning "$WORK/stdout" && echo "|   | listed | | | | |" || echo "|   | not listed | | | | |"

fresh 14
ln -s /etc/passwd "$H/sessions/q.yaml"
row "14 record links to /etc/passwd (logs list)" logs list
grep -q 'root:' "$WORK/stderr" && echo "|   | passwd quoted in the warning | | | | |" || echo "|   | passwd not quoted | | | | |"

fresh 9
mkdir -p "$H/protocols"
python3 - "$H/protocols/huge.yaml" <<'PYEOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id: huge\nname: Huge\nsummary: s\nphases:\n")
    for i in range(9000):
        f.write(f"  - name: P{i}\n    minutes: 1\n    repeat: 1000\n")
PYEOF
row "9 9,000 phases x repeat 1000 (check)" check "$H/protocols/huge.yaml"

fresh 18
mkdir -p "$H/groups"
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('id: big\nname: Big\nmembers:\n')
    for i in range(95000): f.write(f'  - P{i}\n')
" "$H/groups/big.yaml"
row "18 a group of 95,000 members (groups)" groups

fresh 19
mkdir -p "$H/protocols"
printf 'id: m\nname: M\nsummary: s\nphases:\n  - name: A\n    minutes: 1e308\n' >"$H/protocols/m.yaml"
row "19 minutes: 1e308 (check)" check "$H/protocols/m.yaml"
echo "|   | longest line $(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$WORK/stdout") characters | | | | |"
record "$H/sessions" 2026-10-04T1500_tuning.yaml completed
record "$H/sessions" 2026-10-03T1500_tuning.yaml completed
sed -i 's/^started_at: 2026-/started_at: 9999-/; s/^ended_at: 2026-/ended_at: 9999-/; s/^saved_at: 2026-/saved_at: 9999-/' "$H/sessions/2026-10-03T1500_tuning.yaml"
row "19 a record dated 9999 (report)" report
echo "|   | $(wc -l <"$WORK/stdout") lines of report | | | | |"
