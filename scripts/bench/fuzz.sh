#!/usr/bin/env bash
# scripts/bench.sh fuzz — issue 15: the project's fuzzer (src/TrustLedger.Benchmarks/Fuzzing, built from the
# running API's /openapi/v1.json) against the real API process on a fresh local chain, a larger bounded run
# than the one in scripts/test.sh. FUZZ_DB=postgres runs it on a throwaway PostgreSQL instead of SQLite;
# FUZZ_REQUESTS (20000) and FUZZ_SECONDS (300) bound it. Findings go to stderr. Last line:
#   {"requests":N,"status_5xx":N,"non_problem":N,"operations":N}
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
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

log "building the API and the benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Api" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet -clp:ErrorsOnly >&2

chain_port="$(free_port)"; api_port="$(free_port)"
start_chain "$chain_port" "$work/chain.log"
db="Data Source=$work/fuzz.db"
if [[ "${FUZZ_DB:-sqlite}" == postgres ]]; then start_postgres "$(free_port)"; db="$PG_URL"; fi

# Hardhat's well-known account #0 (chain 31337 only) is admin and issuer, so admin operations are fuzzed past sign-in.
dev_key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
log "starting the API on 127.0.0.1:$api_port (${FUZZ_DB:-sqlite})"
TRUSTLEDGER_RPC_URL="http://127.0.0.1:$chain_port" TRUSTLEDGER_DB="$db" \
  TRUSTLEDGER_DEPLOYMENTS_DIR="$work/deployments" Chain__DeployIfMissing=true ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  ASPNETCORE_ENVIRONMENT=Development Https__Port=0 Logging__LogLevel__Default=Warning \
  TRUSTLEDGER_ADMINS=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 TRUSTLEDGER_ISSUERS=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 \
  Limits__PerClientPer10Seconds=100000000 Limits__SubmissionsPerAddressPerMinute=100000000 \
  Rewards__AdminWait=00:00:02 Credentials__IssueAnchorWait=00:00:02 \
  dotnet "$ROOT/src/TrustLedger.Api/bin/Release/net10.0/TrustLedger.Api.dll" >"$work/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$api_port/health" >/dev/null && break
  kill -0 "$API_PID" 2>/dev/null || break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$api_port/health" >/dev/null || { tail -20 "$work/api.log" >&2; log "the API did not come up"; exit 1; }

dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" fuzz \
  --url "http://127.0.0.1:$api_port" --admin-key "$dev_key" \
  --requests "${FUZZ_REQUESTS:-20000}" --seconds "${FUZZ_SECONDS:-300}" --concurrency "${FUZZ_CONCURRENCY:-8}" | tail -n 1
