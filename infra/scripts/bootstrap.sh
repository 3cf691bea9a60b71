#!/usr/bin/env bash
# Everything `npm test` and `npm run demo` need before they run, on a machine with only Node
# and npm: pnpm (pinned; corepack's shim fails its signature check on Node 20) and the
# workspace's dependencies from the committed lock file, and the JavaScript build of every
# package (pnpm run build), which the demo, the bench and the images run.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [[ $have != "$want" ]]; then
  echo "[bootstrap] installing pnpm $want with npm (found: ${have:-none})" >&2
  npm install -g "pnpm@$want" >/dev/null 2>&1 || {
    echo "[bootstrap] FAILED: npm install -g pnpm@$want; run it by hand to see why" >&2
    exit 1
  }
fi
echo "[bootstrap] installing workspace dependencies (pnpm install --frozen-lockfile)" >&2
pnpm install --frozen-lockfile --reporter=silent || {
  echo "[bootstrap] FAILED: pnpm install; is pnpm-lock.yaml current? (run pnpm install and commit it)" >&2
  exit 1
}
echo "[bootstrap] building the packages to JavaScript (pnpm run build)" >&2
pnpm run --silent build || {
  echo "[bootstrap] FAILED: pnpm run build" >&2
  exit 1
}
