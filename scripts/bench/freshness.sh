#!/usr/bin/env bash
# scripts/bench.sh freshness — issue 20, read-your-confirmation: on an indexed network of TIES ties (default
# 1,000,000; TIES=20000 for a quick run), from an attestation's block to GET /v1/reputation/{subject} reflecting
# it, p50/p95 over SAMPLES (default 50) attestations made one at a time. The service runs on a real local chain
# (Hardhat, automine) with SQLite; the network is written into its index tables directly (seeded power-law
# generator of scripts/bench.sh scale, src/TrustLedger.Benchmarks/Freshness) while it is stopped, then it starts
# again and builds its board from them. Indexer:PollInterval is INDEXER_POLL (default 00:00:00.100): the figure
# is the indexer's poll plus the board's catch-up. Last line:
#   {"ties":N,"p50_ms":X,"p95_ms":Y,"max_ms":Z,"samples":N}
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts
ties="${TIES:-1000000}"

work="$(mktemp -d)"
CHAIN_PID="" API_PID=""
stop_api() { [[ -n "$API_PID" ]] && { kill "$API_PID"; wait "$API_PID"; } 2>/dev/null; API_PID=""; }
cleanup() {
  set +e
  stop_api
  [[ -n "$CHAIN_PID" ]] && { kill "$CHAIN_PID"; wait "$CHAIN_PID"; } 2>/dev/null
  [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

log "building the API and the benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Api" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet -clp:ErrorsOnly >&2
bench="$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll"

chain_port="$(free_port)"; api_port="$(free_port)"
start_chain "$chain_port" "$work/chain.log"
db="Data Source=$work/bench.db"
start_api() {
  env ASPNETCORE_ENVIRONMENT=Staging TRUSTLEDGER_RPC_URL="http://127.0.0.1:$chain_port" TRUSTLEDGER_DB="$db" \
    TRUSTLEDGER_DEPLOYMENTS_DIR="$work/deployments" Chain__DeployIfMissing=true ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    Limits__PerClientPer10Seconds=100000000 Logging__LogLevel__Default=Warning Logging__LogLevel__TrustLedger.Api.Reputation.ReputationWorker=Information \
    Indexer__PollInterval="${INDEXER_POLL:-00:00:00.100}" Snapshots__Interval=30.00:00:00 \
    TRUSTLEDGER_JWT_KEY="$JWT_KEY" TRUSTLEDGER_AUTH_DOMAIN="127.0.0.1:$api_port" \
    dotnet "$ROOT/src/TrustLedger.Api/bin/Release/net10.0/TrustLedger.Api.dll" >>"$work/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$api_port/health" >/dev/null && return 0
    kill -0 "$API_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$work/api.log" >&2; log "the API did not come up"; exit 1
}
JWT_KEY="$(head -c 32 /dev/urandom | base64)"

log "first start: deploy, register the schemas, index to the head"
start_api
for _ in $(seq 1 120); do
  python3 -c "import sqlite3,sys; c=sqlite3.connect('$work/bench.db'); sys.exit(0 if c.execute(\"SELECT COUNT(*) FROM indexer_checkpoints WHERE stream = 'AttestationRegistry'\").fetchone()[0] else 1)" 2>/dev/null && break
  sleep 0.5
done
stop_api
log "seeding $ties ties into the index tables"
dotnet "$bench" freshness-seed --db "$db" --rpc "http://127.0.0.1:$chain_port" --ties "$ties" --seed "${SEED:-20}" | tail -n 1 >&2
log "second start: the board builds from the seeded network"
start_api
dotnet "$bench" freshness --url "http://127.0.0.1:$api_port" --rpc "http://127.0.0.1:$chain_port" --deployments "$work/deployments" \
  --samples "${SAMPLES:-50}" | tail -n 1
grep -E "Reputation (as of|network)" "$work/api.log" | tail -n 4 >&2 || true
