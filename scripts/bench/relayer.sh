#!/usr/bin/env bash
# scripts/bench.sh relayer [hardhat|anvil] (or NODE=anvil scripts/bench.sh relayer) — issues 4 and 20: signed attestations accepted (validated,
# stored in the outbox) and confirmed on chain per second, relayer batch sizes 1, 10 and 100, on a
# fresh local node (automine; Hardhat's by default, or Anvil) with a SQLite outbox; then the node's
# own bound: the same batches of 100, pre-signed, sent back to back. Last line:
#   {"node":"hardhat","batch1_per_s":N,"batch10_per_s":N,"batch100_per_s":N,"node_batch100_per_s":N,"batch100_vs_node":R}
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts
node="${1:-${NODE:-hardhat}}"

work="$(mktemp -d)"
CHAIN_PID=""
# Anvil writes its state file as it exits: wait for it before removing the folder.
trap '[[ -n "$CHAIN_PID" ]] && { kill "$CHAIN_PID" 2>/dev/null; wait "$CHAIN_PID" 2>/dev/null; }; rm -rf "$work"' EXIT
port="$(free_port)"
case "$node" in
  hardhat) start_chain "$port" "$work/chain.log" ;;
  anvil) start_anvil "$port" "$work/chain.log" "$work/chain-state.json" ;;
  *) echo "usage: scripts/bench.sh relayer [hardhat|anvil]" >&2; exit 2 ;;
esac

log "building src/TrustLedger.Benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" relayer --rpc "http://127.0.0.1:$port" --node "$node" | tail -n 1
