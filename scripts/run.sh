#!/usr/bin/env bash
# scripts/run.sh — run TrustLedger locally: an Anvil node on 127.0.0.1:8545 whose chain persists in
# .data/chain-state.json (unless
# TRUSTLEDGER_RPC_URL points elsewhere), our contracts deployed once (deployments/<chainId>.json),
# the API and the dashboard on http://127.0.0.1:5080 over SQLite in .data/ (TRUSTLEDGER_DB switches to PostgreSQL).
# Ctrl-C stops everything it started. Re-running keeps the database and the deployments file.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

CHAIN_PID="" API_PID=""
# stop_child PID NAME: SIGTERM, then SIGKILL if it is still there after 10 s (a hung shutdown never holds the terminal).
stop_child() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null; return 0; }; sleep 0.1; done
  log "$2 did not stop within 10 s of SIGTERM: killing it"
  kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null
}
stop() {
  local status=$?
  trap - INT TERM EXIT
  set +e
  [[ -n "$API_PID" ]] && stop_child "$API_PID" API
  [[ -n "$CHAIN_PID" ]] && stop_child "$CHAIN_PID" Anvil
  log "stopped"
  exit "$status"
}
trap stop INT TERM EXIT

ensure_npm
compile_contracts
up_to_date src/TrustLedger.Api/wwwroot/index.html web || "$ROOT/scripts/web.sh"
api="src/TrustLedger.Api/bin/Release/net10.0/TrustLedger.Api.dll"
if ! up_to_date "$api" src artifacts/contracts Directory.Build.props Directory.Packages.props; then
  log "building the API"
  dotnet build src/TrustLedger.Api -c Release --nologo -v quiet -clp:ErrorsOnly
fi

# TRUSTLEDGER_STATE_DIR: where the chain state lives (tests point it at a temp dir).
state_dir="${TRUSTLEDGER_STATE_DIR:-.data}"
mkdir -p .data "$state_dir"
if [[ -z "${TRUSTLEDGER_RPC_URL:-}" ]]; then
  port="${TRUSTLEDGER_CHAIN_PORT:-8545}"
  if rpc_chain_id "http://127.0.0.1:$port" >/dev/null 2>&1; then
    log "a node already answers on 127.0.0.1:$port; using it"
  else
    start_anvil "$port" "$state_dir/chain.log" "$state_dir/chain-state.json"
  fi
  export TRUSTLEDGER_RPC_URL="http://127.0.0.1:$port"
  # Only the local development chain deploys on its own; a real network needs a deliberate deploy.
  export Chain__DeployIfMissing=true
  # On Hardhat's chain (31337) only: its account #0, whose key everyone knows, becomes admin and
  # issuer so a newcomer can try every endpoint. Never on any other chain.
  if [[ "$(rpc_chain_id "$TRUSTLEDGER_RPC_URL")" == "0x7a69" ]]; then
    dev_account=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266
    export TRUSTLEDGER_ADMINS="${TRUSTLEDGER_ADMINS:+$TRUSTLEDGER_ADMINS,}$dev_account"
    export TRUSTLEDGER_ISSUERS="${TRUSTLEDGER_ISSUERS:+$TRUSTLEDGER_ISSUERS,}$dev_account"
    log "dev roles: Hardhat account #0 ($dev_account) is admin and issuer"
    # A small documented seed set, so a newcomer sees sybil-resistant scores: Hardhat accounts #5-#7
    # are the local trust anchors (import one into a wallet to vouch as an anchor). Admins add more
    # at /v1/trust-anchors. Development chain only: these keys are public.
    if [[ -z "${Reputation__Seeds__0:-}" ]]; then
      export Reputation__Seeds__0=0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc \
             Reputation__Seeds__1=0x976ea74026e726554db657fa54763abd0c3a0aa9 \
             Reputation__Seeds__2=0x14dc79964da2c08b23698b3d3cc7ca32193d9955
      log "trust anchors: Hardhat accounts #5-#7 (see README, 'Trust anchors on the local chain')"
    fi
  fi
fi

log "starting the API on http://127.0.0.1:5080 (docs at /docs, health at /health)"
log "  and on https://127.0.0.1:${Https__Port:-5443} (self-signed development certificate unless Https:CertificatePath is set)"
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  dotnet "$api" &
API_PID=$!
# Ctrl-C reaches the whole process group, but a script's background children ignore SIGINT (bash sets
# that for `&` jobs), and so does run.sh itself when it was started with SIGINT ignored (from another
# script, CI, nohup): bash cannot trap a signal ignored at entry and .NET installs no SIGINT handler
# then either. Anvil stops on SIGINT regardless. So wait for either child: whichever ends first (Anvil on
# Ctrl-C, or the API on a start-up failure), the EXIT trap stops the other, never leaving the API running
# against a chain that is gone.
set +e
wait -n "$API_PID" ${CHAIN_PID:+"$CHAIN_PID"}
status=$?
kill -0 "$API_PID" 2>/dev/null || API_PID=""
[[ -n "$CHAIN_PID" ]] && ! kill -0 "$CHAIN_PID" 2>/dev/null && { log "the chain node stopped; stopping the API"; CHAIN_PID=""; }
exit "$status"
