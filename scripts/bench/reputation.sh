#!/usr/bin/env bash
# scripts/bench.sh reputation — the reputation engine on Slashdot (82k parties, 948k edges) at its
# default parameters (no seeds so uniform restart, alpha 0.15, global trust to L1 < 1e-10, reciprocity
# discount 0.5, half-life 730 days (no times in this file, so no decay), betweenness sampled with 512
# sources, both cores), and networkx's pure-Python PageRank on the same graph in the same run.
# Last line: {"load_s","trust_s","edge_updates_per_s","sna_s","networkx_pagerank_s","peak_mb"}.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

data="$(shared_data soc-Slashdot0902.txt.gz)/soc-Slashdot0902.txt.gz"
python3 -c "import networkx" 2>/dev/null || { echo "reputation bench: python3 with networkx is required" >&2; exit 1; }

log "building the benchmark (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release --nologo -v q >&2
log "engine on $(basename "$data")"
engine="$(dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" reputation "$data" | tail -n 1)"
log "engine: $engine"
alpha="$(dirname "$data")/soc-sign-bitcoinalpha.csv"
betweenness="$(dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" betweenness "$alpha" | tail -n 1)"
log "exact betweenness on Bitcoin Alpha: $betweenness"
log "networkx pure-Python PageRank on the same graph (takes minutes)"
nx="$(python3 "$ROOT/scripts/bench/networkx_pagerank.py" "$data" | tail -n 1)"
log "networkx: $nx"

python3 - "$engine" "$nx" "$betweenness" <<'PY'
import json, sys
engine, nx, bc = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
out = {k: engine[k] for k in ("load_s", "trust_s", "edge_updates_per_s", "sna_s")}
out["networkx_pagerank_s"] = nx["networkx_pagerank_s"]
out["peak_mb"] = engine["peak_mb"]
out["alpha_exact_betweenness_s"] = bc["exact_betweenness_s"]
print(f"networkx_pagerank_s / trust_s = {out['networkx_pagerank_s'] / out['trust_s']:.0f}", file=sys.stderr)
print(json.dumps(out, separators=(",", ":")))
PY
