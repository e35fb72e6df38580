#!/usr/bin/env bash
# scripts/bench.sh snapshot — issue 9's figures. Last line:
#   {"parties":N,"tree_s":N,"publish_gas":N,"verify_gas":N}
# tree_s: building the snapshot tree and ALL proofs for PARTIES (default 100,000) parties in C#,
#         median of warm runs (src/TrustLedger.Benchmarks, `snapshot`); the cold run is logged.
# publish_gas: gasUsed of the publish transaction (threshold 1, first epoch) on Hardhat's simulated chain.
# verify_gas: estimateGas of verifyScore with the longest proof of that 100,000-party tree.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts

parties="${PARTIES:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log "building src/TrustLedger.Benchmarks (Release)"
dotnet build -c Release "$ROOT/src/TrustLedger.Benchmarks" -nologo -v quiet >&2

log "timing tree + all proofs for $parties parties"
tree_json="$(dotnet run -c Release --no-build --project "$ROOT/src/TrustLedger.Benchmarks" -- \
  snapshot --parties "$parties" --out "$work/proof.json" | tail -n 1)"

log "measuring gas on Hardhat's simulated chain"
gas_json="$(cd "$ROOT" && SNAPSHOT_PROOF_FILE="$work/proof.json" npx hardhat run scripts/bench/snapshot-gas.js | tail -n 1)"

TREE="$tree_json" GAS="$gas_json" node -e '
  const t = JSON.parse(process.env.TREE), g = JSON.parse(process.env.GAS);
  console.log(JSON.stringify({ parties: t.parties, tree_s: t.tree_s, publish_gas: g.publish_gas, verify_gas: g.verify_gas }));'
