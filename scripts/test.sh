#!/usr/bin/env bash
# scripts/test.sh — every test, from a fresh clone: npm packages, contracts, contract tests,
# a Hardhat node and a throwaway PostgreSQL on 127.0.0.1, then `dotnet test` on the whole
# solution, then the dashboard's browser tests (tests/web). Stops what it started, also on failure.
# Fails on any failed or skipped test.
# Last line: "N passed, M failed, K skipped".
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

work="$(mktemp -d /tmp/trustledger-test.XXXXXX)"
CHAIN_PID=""
cleanup() {
  local status=$?
  set +e
  [[ -n "$CHAIN_PID" ]] && { kill "$CHAIN_PID"; wait "$CHAIN_PID"; } 2>/dev/null
  stop_postgres
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

ensure_npm
compile_contracts

log "building the solution"
dotnet build TrustLedger.sln -c Debug --nologo -v quiet -clp:ErrorsOnly

passed=0 failed=0 skipped=0

log "contract tests (Hardhat, mocha)"
set +e
npx hardhat test mocha 2>&1 | tee "$work/mocha.log"
mocha_status=${PIPESTATUS[0]}
set -e
count() { grep -Eo "^ *[0-9]+ $1" "$work/mocha.log" | tail -1 | grep -Eo '[0-9]+' || echo 0; }
passed=$((passed + $(count passing))); failed=$((failed + $(count failing))); skipped=$((skipped + $(count pending)))
if [[ $mocha_status -ne 0 && $(count failing) -eq 0 ]]; then failed=$((failed + 1)); fi

chain_port="$(free_port)"
start_chain "$chain_port" "$work/chain.log"
start_postgres "$(free_port)"
export TRUSTLEDGER_TEST_RPC_URL="http://127.0.0.1:$chain_port"
export TRUSTLEDGER_TEST_PG="$PG_URL"

log ".NET tests (unit and integration; chain $TRUSTLEDGER_TEST_RPC_URL, PostgreSQL and SQLite)"
set +e
dotnet test --solution TrustLedger.sln --no-build --no-progress 2>&1 | tee "$work/dotnet.log" | grep -vE "^\s*$|NU1603"
dotnet_status=${PIPESTATUS[0]}
set -e

# The run's own summary gives exact counts over every test project, skipped ones included. (Not xunit's CTRF reports:
# both projects name theirs user_machine_timestamp, the two names coincided in one run, one report overwrote the
# other and the count lost ~900 tests.)
read -r p f s < <(python3 - "$work/dotnet.log" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
summary = text[text.rfind("Test run summary"):] if "Test run summary" in text else ""
def count(name):
    m = re.search(r"^\s*" + name + r":\s*(\d+)", summary, re.M)
    return int(m.group(1)) if m else 0
print(count("succeeded"), count("failed"), count("skipped"))
PY
)
passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
if [[ $dotnet_status -ne 0 && $f -eq 0 ]]; then failed=$((failed + 1)); log "dotnet test exited $dotnet_status"; fi

# Browser tests: the dashboard in headless Chromium against the real host (started by the
# harness on a free port), this chain and a temp SQLite DB. Node's test runner prints TAP counts.
log "browser tests (dashboard, headless Chromium; chain $TRUSTLEDGER_TEST_RPC_URL)"
set +e
npm run --silent build:web >&2 && node --test --test-concurrency=1 --test-reporter=tap "tests/web/*.test.mjs" > "$work/web.log" 2>&1
web_status=$?
set -e
grep -E "^(not )?ok |^# " "$work/web.log" || true
wcount() { grep -Eo "^# $1 [0-9]+" "$work/web.log" | tail -1 | grep -Eo '[0-9]+$' || echo 0; }
passed=$((passed + $(wcount pass))); failed=$((failed + $(wcount fail) + $(wcount cancelled)))
skipped=$((skipped + $(wcount skipped) + $(wcount todo)))
if [[ $web_status -ne 0 && $(wcount fail) -eq 0 && $(wcount cancelled) -eq 0 ]]; then
  failed=$((failed + 1)); log "browser tests exited $web_status"; tail -40 "$work/web.log" >&2
fi

if [[ $skipped -gt 0 ]]; then
  log "skipped tests (every test must run here):"
  grep -E "^skipped " "$work/dotnet.log" >&2 || true
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 && $skipped -eq 0 ]]
