#!/usr/bin/env bash
# scripts/bench.sh sybil [--engine flood|asis] — the reputation engine under a sybil flood at the contamination
# measured in the wild (90.6% of raters, ERC-8004 on Base), attached through at most 10 attack edges, on the real
# Bitcoin Alpha network with the REV2 labels; engine with the sybil-flood options (docs/reputation.md) or as-is,
# and a plain average rating (ERC-8004 getSummary) on the same data. Seeds: top 100 plain PageRank, pre-flood, frozen.
# Last line: {"sybil_share","attack_edges","auc","best_promoted_percentile","average_auc","average_best_promoted_percentile"}.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

data="$(shared_data soc-sign-bitcoinalpha.csv)"
log "building the benchmark (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release --nologo -v q >&2
log "81 attacked networks (about 35k parties each)"
exec dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" sybil "$data" "$@"
