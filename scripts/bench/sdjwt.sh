#!/usr/bin/env bash
# SD-JWT VC (dc+sd-jwt) issue, present and verify throughput on one core (CPU 0), on an
# EndorsementCredential with six disclosures; verify = two disclosures + KB-JWT, every check.
# Last line: {"sdjwt_issue_per_s":N,"sdjwt_verify_per_s":N,"sdjwt_present_per_s":N}
# Each figure: warm-up of BENCH_SECONDS (default 3), then the best of five rounds of one CPU-second.
. "$(dirname "$0")/../lib.sh"
seconds="${BENCH_SECONDS:-3}"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
log "building the benchmarks (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release -o "$ROOT/.data/bench/sdjwt" --nologo -v q >&2
"${pin[@]}" dotnet "$ROOT/.data/bench/sdjwt/TrustLedger.Benchmarks.dll" sdjwt --seconds "$seconds" | tail -n 1
