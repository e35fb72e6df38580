#!/usr/bin/env bash
# Gas of AttestationRegistry, from transaction receipts on Hardhat's simulated network (see
# scripts/gas-report.js). Last line of output: one JSON object with registerSchema, attest, attestSecond,
# attestByDelegation, attestByDelegationSecond, batch10PerItem, batch10DelegatedPerItem, revoke,
# revokeByDelegation.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_npm
compile_contracts
cd "$ROOT"
log "measuring gas (scripts/gas-report.js)"
npx hardhat run --no-compile scripts/gas-report.js
