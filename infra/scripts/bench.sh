#!/usr/bin/env bash
# `npm run bench`: bootstrap, bring the local stack up, then measure the pipeline on a fixed
# workload (infra/bench/main.ts): a table on stdout, bench-results/bench-<timestamp>.json.
# Options follow `--`: `npm run bench -- --help`.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
bash infra/scripts/bootstrap.sh
bash infra/local/stack.sh up
node --import tsx infra/bench/main.ts "$@"
