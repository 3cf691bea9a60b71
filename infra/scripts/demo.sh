#!/usr/bin/env bash
# README's first command (`npm run demo`): bootstrap, bring the stack up and show its status.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
bash infra/scripts/bootstrap.sh
bash infra/local/stack.sh up
bash infra/local/stack.sh status
