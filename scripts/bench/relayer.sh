#!/usr/bin/env bash
# scripts/bench.sh relayer — issue 4: signed attestations accepted (validated, stored in the
# outbox) and confirmed on chain per second, relayer batch sizes 1, 10 and 100, on a fresh local
# Hardhat node (automine) with a SQLite outbox. Last line:
#   {"batch1_per_s":N,"batch10_per_s":N,"batch100_per_s":N}
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts

work="$(mktemp -d)"
CHAIN_PID=""
trap '[[ -n "$CHAIN_PID" ]] && kill "$CHAIN_PID" 2>/dev/null; rm -rf "$work"' EXIT
port="$(free_port)"
start_chain "$port" "$work/chain.log"

log "building src/TrustLedger.Benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" relayer --rpc "http://127.0.0.1:$port" | tail -n 1
