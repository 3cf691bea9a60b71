#!/usr/bin/env bash
# `npm run bench`: bootstrap, bring the local stack up, then measure the pipeline on a fixed
# workload (infra/bench/main.ts): a table on stdout, bench-results/bench-<timestamp>.json.
# Options follow `--`: `npm run bench -- --help`.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
bash infra/scripts/bootstrap.sh
# Help and version start no server.
only_text=0
for arg in "$@"; do case $arg in -h | --help | --version) only_text=1 ;; esac; done
[[ $only_text == 1 ]] || bash infra/local/stack.sh up
node --import tsx infra/bench/main.ts "$@"
