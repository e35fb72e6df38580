#!/usr/bin/env bash
# scripts/bench.sh relationships — ties and at-risk ties (GET /v1/parties/{a}/ties without its database reads)
# for every party of Bitcoin Alpha (3.8k parties, 24k timed signed edges) from one reputation board.
# Last line: {"parties","edges","ties","at_risk","index_build_ms","all_parties_s","mean_per_party_us","worst_party_ms","worst_party_ties"}.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
data="${TRUSTLEDGER_DATA_DIR:-$ROOT/../shared/data}/soc-sign-bitcoinalpha.csv"
[[ -f "$data" ]] || { echo "relationships bench: $data not found (set TRUSTLEDGER_DATA_DIR)" >&2; exit 1; }
log "building the benchmark (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release --nologo -v q >&2
dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" relationships "$data" | tail -n 1
