#!/usr/bin/env bash
# Credentials issue/verify throughput on one core (CPU 0), ours and ethers v6 in the same run on
# the same ReciprocityCredential, and SD-JWT VC issue/verify (the same code as scripts/bench/sdjwt.sh:
# the benchmarks' sdjwt command, EndorsementCredential, verify = two disclosures + KB-JWT). Last line:
# {"eip712_sign_per_s":N,"eip712_verify_per_s":N,"jws_sign_per_s":N,"jws_verify_per_s":N,"ethers_sign_per_s":N,"ethers_verify_per_s":N,
#  "sdjwt_issue_per_s":N,"sdjwt_verify_per_s":N}
# Each figure: warm-up of BENCH_SECONDS (default 3, at least 2), then the best of five rounds of one
# CPU-second each, i.e. operations per CPU-second of a process pinned to CPU 0: other processes
# sharing the core (the machine is shared) do not distort the comparison; JIT and GC time counts.
. "$(dirname "$0")/../lib.sh"
ensure_npm
seconds="${BENCH_SECONDS:-3}"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)

log "building the benchmarks (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release -o "$ROOT/.data/bench/credentials" --nologo -v q >&2

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Two alternating passes of each side; every figure is the best round of either pass, so a burst
# of other load on the machine during one side's turn does not decide the comparison.
for pass in 1 2; do
  log "pass $pass: our EIP-712 and JWS issue/verify"
  "${pin[@]}" dotnet "$ROOT/.data/bench/credentials/TrustLedger.Benchmarks.dll" credentials \
    --typed-data-out "$work/credential.json" --seconds "$seconds" | tail -n 1 > "$work/ours-$pass.json"
  log "ours: $(cat "$work/ours-$pass.json")"
  log "pass $pass: ethers v6 signTypedData/verifyTypedData on the same credential"
  "${pin[@]}" node "$ROOT/tests/interop/bench-eip712-ethers.mjs" "$work/credential.json" "$seconds" | tail -n 1 > "$work/ethers-$pass.json"
  log "ethers: $(cat "$work/ethers-$pass.json")"
  log "pass $pass: SD-JWT VC issue/verify"
  "${pin[@]}" dotnet "$ROOT/.data/bench/credentials/TrustLedger.Benchmarks.dll" sdjwt --seconds "$seconds" | tail -n 1 > "$work/sdjwt-$pass.json"
  log "sdjwt: $(cat "$work/sdjwt-$pass.json")"
done

node -e '
const fs = require("fs");
const all = {};
for (const file of process.argv.slice(1))
  for (const [key, value] of Object.entries(JSON.parse(fs.readFileSync(file, "utf8")))) all[key] = Math.max(all[key] ?? 0, value);
const order = ["eip712_sign_per_s", "eip712_verify_per_s", "jws_sign_per_s", "jws_verify_per_s", "ethers_sign_per_s", "ethers_verify_per_s",
  "sdjwt_issue_per_s", "sdjwt_verify_per_s"];
console.error(`[ratio] sign ${(all.eip712_sign_per_s / all.ethers_sign_per_s).toFixed(2)}x ethers, verify ${(all.eip712_verify_per_s / all.ethers_verify_per_s).toFixed(2)}x ethers (target >= 3x)`);
console.error(`[ratio] sd-jwt issue ${(all.sdjwt_issue_per_s / all.jws_sign_per_s).toFixed(2)}x and verify ${(all.sdjwt_verify_per_s / all.jws_verify_per_s).toFixed(2)}x our plain vc+jwt (same run)`);
console.log(JSON.stringify(Object.fromEntries(order.map((key) => [key, all[key]]))));
' "$work"/ours-*.json "$work"/ethers-*.json "$work"/sdjwt-*.json
