#!/usr/bin/env bash
# scripts/bench.sh api — issue 7: load on 127.0.0.1, 50 concurrent connections, GET
# /v1/reputation/{address} for random known parties and the trivial GET /livez of the same
# host in the same run (C# load generator: src/TrustLedger.Benchmarks/Api). Last line:
#   {"reputation_rps":N,"reputation_p99_ms":N,"trivial_rps":N,"trivial_p99_ms":N}
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts

work="$(mktemp -d)"
CHAIN_PID="" API_PID=""
cleanup() {
  set +e
  [[ -n "$API_PID" ]] && { kill "$API_PID"; wait "$API_PID"; } 2>/dev/null
  [[ -n "$CHAIN_PID" ]] && { kill "$CHAIN_PID"; wait "$CHAIN_PID"; } 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

log "building the API and the benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Api" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet -clp:ErrorsOnly >&2

chain_port="$(free_port)"; api_port="$(free_port)"
start_chain "$chain_port" "$work/chain.log"
log "starting the API on 127.0.0.1:$api_port"
# Staging: production-strict auth (configured JWT key and domain) on the development chain, which the
# Production profile refuses (docs/deploy.md).
ASPNETCORE_ENVIRONMENT=Staging TRUSTLEDGER_RPC_URL="http://127.0.0.1:$chain_port" TRUSTLEDGER_DB="Data Source=$work/bench.db" \
  TRUSTLEDGER_DEPLOYMENTS_DIR="$work/deployments" Chain__DeployIfMissing=true ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  Limits__PerClientPer10Seconds=100000000 Logging__LogLevel__Default=Warning \
  TRUSTLEDGER_JWT_KEY="$(head -c 32 /dev/urandom | base64)" TRUSTLEDGER_AUTH_DOMAIN="127.0.0.1:$api_port" \
  dotnet "$ROOT/src/TrustLedger.Api/bin/Release/net10.0/TrustLedger.Api.dll" >"$work/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$api_port/health" >/dev/null && break
  kill -0 "$API_PID" 2>/dev/null || break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$api_port/health" >/dev/null || { tail -20 "$work/api.log" >&2; log "the API did not come up"; exit 1; }

dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" api \
  --url "http://127.0.0.1:$api_port" --rpc "http://127.0.0.1:$chain_port" --deployments "$work/deployments" --seconds "${SECONDS_PER_ENDPOINT:-10}" | tail -n 1
