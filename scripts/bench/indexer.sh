#!/usr/bin/env bash
# scripts/bench/indexer.sh — events ingested per second by the indexer from a local node into SQLite
# and into PostgreSQL. Generates EVENTS (default 100,000) attestations on a fresh Hardhat node with
# large multiAttest batches (scripts/bench/indexer-events.js), then runs the real indexer over them
# into an empty database of each kind, and breaks the time down into node, JSON parse, decoding and
# writes (src/TrustLedger.Benchmarks/Indexing/IndexerBench.cs). fetch_events_per_s is the indexer's
# eth_getLogs fetch and parse over the same ranges with no database: ingest's bound, in the same run.
# Last line: {"sqlite_events_per_s":N,"postgres_events_per_s":N,"fetch_events_per_s":N}
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

EVENTS="${EVENTS:-100000}"
work="$(mktemp -d /tmp/trustledger-bench-indexer.XXXXXX)"
CHAIN_PID=""
# npx starts the node as a grandchild: stop the whole tree, children first.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  set +e # a failing step (e.g. wait on a killed process) must not skip the rest under errexit
  [[ -n "$CHAIN_PID" ]] && kill_tree "$CHAIN_PID"
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

ensure_npm
compile_contracts
log "building the benchmarks (Release)"
dotnet build src/TrustLedger.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly >&2

chain_port="$(free_port)"
start_chain "$chain_port" "$work/chain.log"
start_postgres "$(free_port)"
rpc="http://127.0.0.1:$chain_port"

log "generating $EVENTS attestations on $rpc"
generated="$(TRUSTLEDGER_RPC_URL="$rpc" EVENTS="$EVENTS" \
  npx hardhat run --no-compile --network localhost scripts/bench/indexer-events.js 2>"$work/generate.log" | tail -1)" \
  || { grep -v "^ *at " "$work/generate.log" | tail -40 >&2; log "generating the attestations failed"; exit 1; }
log "generated: $generated"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$generated" "$1"; }

log "indexing into SQLite and PostgreSQL"
dotnet src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll indexer \
  --rpc "$rpc" --registry "$(field registry)" --deployment-block "$(field deploymentBlock)" \
  --events "$(field events)" --postgres "$PG_URL" --work "$work"
