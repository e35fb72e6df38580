#!/usr/bin/env bash
# scripts/bench.sh scale — how trust's time and memory grow: synthetic power-law graphs (seeded Chung-Lu
# generator, documented in src/TrustLedger.Benchmarks/Reputation/ScaleBenchmark.cs) of SIZES ties (default
# 1M, 10M, 50M), one process per size so each peak is its own: graph build, global trust at the default
# parameters (the best of three runs: REPEAT), then scores and the snapshot Merkle tree over every party.
# Last line: {"ties":[...],"trust_s":[...],"peak_mb":[...],"bytes_per_tie":[...],"build_s":[...],"tree_s":[...],
#             "graph_bytes_per_tie":[...],"signals_s":[...],"engine_peak_mb":[...],"engine_bytes_per_tie":[...],"roots":[...],
#             "trust_cpu_s":[...],"walk_s":[...],"load_average":[...],"trust_vs_linear":R,"trust_cpu_vs_linear":C,"walk_vs_linear":W}
#             (R = trust_s growth / ties growth, first to last size; C the same for the trust stage's CPU time,
#             which a loaded shared machine disturbs far less than wall time; W for the two random walks alone, the
#             part bound by memory latency once the node vectors outgrow the L3 cache)
# peak_mb / bytes_per_tie: the trust path (generate, build, trust); engine_*: the whole run (signals, scores, tree).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

SIZES="${SIZES:-1000000 10000000 50000000}"
SEED="${SEED:-20}"
log "building the benchmark (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release --nologo -v q -clp:ErrorsOnly >&2
lines=()
for n in $SIZES; do
  log "scale: $n ties (seed $SEED)"
  line="$(DOTNET_gcServer=0 dotnet "$ROOT/src/TrustLedger.Benchmarks/bin/Release/net10.0/TrustLedger.Benchmarks.dll" scale --ties "$n" --seed "$SEED" --repeat "${REPEAT:-3}" | tail -n 1)"
  log "  $line"
  lines+=("$line")
done
python3 - "${lines[@]}" <<'PY'
import json, sys
runs = [json.loads(a) for a in sys.argv[1:]]
out = {k: [r[k] for r in runs] for k in ("ties", "trust_s", "trust_cpu_s", "walk_s", "peak_mb", "bytes_per_tie", "build_s", "tree_s", "graph_bytes_per_tie",
                                          "signals_s", "engine_peak_mb", "engine_bytes_per_tie", "load_average")}
out["roots"] = [r["root"] for r in runs]
if len(runs) > 1:
    growth = runs[-1]["ties"] / runs[0]["ties"]
    out["trust_vs_linear"] = round((runs[-1]["trust_s"] / runs[0]["trust_s"]) / growth, 2)
    out["trust_cpu_vs_linear"] = round((runs[-1]["trust_cpu_s"] / runs[0]["trust_cpu_s"]) / growth, 2)
    out["walk_vs_linear"] = round((runs[-1]["walk_s"] / max(runs[0]["walk_s"], 1e-3)) / growth, 2)
print(json.dumps(out, separators=(",", ":")))
PY
