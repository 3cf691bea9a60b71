#!/usr/bin/env bash
# README's test command (`npm test`): bootstrap, bring the local stack up, then typecheck,
# lint and run every test of every package against the real servers.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
started=$SECONDS
bash infra/scripts/bootstrap.sh
# Every server the tests use, the registry and the Redis Cluster too: a first start builds the
# registry with Maven, which must not happen inside a test's time bound.
bash infra/local/stack.sh up redis clickhouse kafka registry redis-cluster
echo "[test] typecheck" >&2
pnpm run --silent typecheck
echo "[test] lint" >&2
pnpm run --silent lint
echo "[test] vitest" >&2
pnpm exec vitest run "$@"
echo "[test] done in $((SECONDS - started))s" >&2
