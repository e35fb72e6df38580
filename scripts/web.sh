#!/usr/bin/env bash
# scripts/web.sh — build the dashboard (web/, Vite + TypeScript) into src/TrustLedger.Api/wwwroot,
# which the API host serves at /. Type-checks first; fails on any type error.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_npm
log "building the dashboard (web/ -> src/TrustLedger.Api/wwwroot)"
npm run --silent build:web >&2
