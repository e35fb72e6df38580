#!/usr/bin/env bash
# tests/scripts/run-stops-on-ctrl-c.sh [terminal|ignored] — Ctrl-C at scripts/run.sh stops everything
# it started, quickly. Starts run.sh in a process group of its own on free ports with its chain state
# and database in a temp dir, waits for /health, then sends SIGINT to the whole group (what Ctrl-C
# does) and measures until no process of the group is left.
#   terminal: run.sh starts with SIGINT at its default, as a shell's foreground job does;
#   ignored:  run.sh starts with SIGINT ignored, as a background job of another script does.
# Fails when anything outlives MAX_SECONDS (default 10). Last line: one JSON object.
. "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
max="${MAX_SECONDS:-10}"
work="$(mktemp -d /tmp/trustledger-runstop.XXXXXX)"
api_port="$(free_port)" chain_port="$(free_port)"
group=""
cleanup() {
  [[ -n "$group" ]] && kill -KILL -- "-$group" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mode="${1:-terminal}"
# A new session and process group led by run.sh; SIGINT reset to its default unless mode=ignored
# (a script's `&` job inherits SIGINT ignored: exactly what mode=ignored keeps).
launch=(python3 -c 'import os, signal, sys
if sys.argv[1] == "terminal": signal.signal(signal.SIGINT, signal.SIG_DFL)
os.setsid(); os.execvp(sys.argv[2], sys.argv[2:])' "$mode")
TRUSTLEDGER_STATE_DIR="$work" TRUSTLEDGER_CHAIN_PORT="$chain_port" TRUSTLEDGER_DB="Data Source=$work/t.db" \
  ASPNETCORE_URLS="http://127.0.0.1:$api_port" Https__Port="$(free_port)" \
  "${launch[@]}" scripts/run.sh >"$work/run.log" 2>&1 &
group=$!
# The first run may build the API (minutes on a busy machine): wait while run.sh lives, at most 30 min.
for _ in $(seq 1 3600); do
  curl -sf -m 2 "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
  kill -0 "$group" 2>/dev/null || { cat "$work/run.log" >&2; echo "run.sh exited before /health answered" >&2; exit 1; }
  sleep 0.5
done
curl -sf -m 2 "http://127.0.0.1:$api_port/health" >/dev/null || { tail -40 "$work/run.log" >&2; echo "no /health" >&2; exit 1; }
members="$(pgrep -g "$group" | wc -l)"
log "run.sh (group $group, $members processes) is up; sending SIGINT to the group"

start=$(date +%s.%N)
kill -INT -- "-$group"
while pgrep -g "$group" >/dev/null; do
  if (( $(echo "$(date +%s.%N) - $start > 60" | bc) )); then break; fi
  sleep 0.1
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
left="$(pgrep -g "$group" -a || true)"
[[ -z "$left" ]] && group=""
tail -5 "$work/run.log" >&2
printf '{"test":"run-stops-on-ctrl-c","mode":"%s","processes":%d,"seconds_to_stop":%.2f,"left":%d}\n' \
  "$mode" "$members" "$elapsed" "$( [[ -n "$left" ]] && echo "$left" | wc -l || echo 0)"
[[ -z "$left" ]] && (( $(echo "$elapsed <= $max" | bc) ))
