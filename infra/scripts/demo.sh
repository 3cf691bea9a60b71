#!/usr/bin/env bash
# README's first command (`npm run demo`): bootstrap, bring the local stack up, then run the
# pipeline on a simulated year of shop traffic and show what came out (infra/demo/main.ts).
# Options follow `--`: `npm run demo -- --help`; `npm run -s demo -- --json` prints only JSON.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
started=$SECONDS
bash infra/scripts/bootstrap.sh
# Help and version start no server.
only_text=0
for arg in "$@"; do case $arg in -h | --help | --version) only_text=1 ;; esac; done
[[ $only_text == 1 ]] || bash infra/local/stack.sh up
node --import tsx infra/demo/main.ts "$@"
echo "[demo] done in $((SECONDS - started))s" >&2
