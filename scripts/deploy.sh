#!/usr/bin/env bash
# scripts/deploy.sh ARGS — deploys TrustLedger's contracts to a network, or verifies a deployment
# (`trustledger deploy`; docs/deploy.md walks a real network). Example (Base Sepolia):
#   scripts/deploy.sh --rpc https://sepolia.base.org --chain-id 84532 \
#     --keystore deployer.json --password-file deployer.pw --admin 0xYourColdWallet --publisher 0xPublisherKey
# Prints the cost and asks before sending (--yes in scripts); re-running verifies and sends nothing.
# TRUSTLEDGER_CLI_DLL: a built trustledger.dll to run instead of building one (the tests pass theirs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${TRUSTLEDGER_CLI_DLL:-}" ]]; then exec dotnet "$TRUSTLEDGER_CLI_DLL" deploy "$@"; fi
exec "$root/scripts/trustledger" deploy "$@"
