#!/usr/bin/env bash
# Credentials issue/verify throughput on one core (CPU 0), ours and ethers v6 in the same run on
# the same ReciprocityCredential. Last line:
# {"eip712_sign_per_s":N,"eip712_verify_per_s":N,"jws_sign_per_s":N,"jws_verify_per_s":N,"ethers_sign_per_s":N,"ethers_verify_per_s":N}
# BENCH_SECONDS (default 3) sets the measuring time of each figure.
. "$(dirname "$0")/../lib.sh"
ensure_npm
seconds="${BENCH_SECONDS:-3}"
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)

log "building the benchmarks (Release)"
dotnet build "$ROOT/src/TrustLedger.Benchmarks" -c Release -o "$ROOT/.data/bench/credentials" --nologo -v q >&2

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
log "timing our EIP-712 and JWS issue/verify (${seconds}s each)"
ours="$("${pin[@]}" dotnet "$ROOT/.data/bench/credentials/TrustLedger.Benchmarks.dll" credentials \
  --typed-data-out "$work/credential.json" --seconds "$seconds" | tail -n 1)"
log "ours: $ours"
log "timing ethers v6 signTypedData/verifyTypedData on the same credential"
ethers="$("${pin[@]}" node "$ROOT/tests/interop/bench-eip712-ethers.mjs" "$work/credential.json" "$seconds" | tail -n 1)"
log "ethers: $ethers"

node -e '
const [ours, ethers] = process.argv.slice(1).map(JSON.parse);
const all = { ...ours, ...ethers };
console.error(`[ratio] sign ${(all.eip712_sign_per_s / all.ethers_sign_per_s).toFixed(2)}x ethers, verify ${(all.eip712_verify_per_s / all.ethers_verify_per_s).toFixed(2)}x ethers (target >= 3x)`);
console.log(JSON.stringify(all));
' "$ours" "$ethers"
