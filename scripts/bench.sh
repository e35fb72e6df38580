#!/usr/bin/env bash
# scripts/bench.sh NAME — runs one benchmark; its last line of output is one JSON object.
# Each benchmark lives in scripts/bench/NAME.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="${1:-}"
if [[ -z "$name" || ! -f "$here/bench/$name.sh" ]]; then
  echo "usage: scripts/bench.sh NAME   (one of: $(ls "$here/bench" | sed 's/\.sh$//' | tr '\n' ' '))" >&2
  exit 2
fi
shift
exec bash "$here/bench/$name.sh" "$@"
