#!/usr/bin/env bash
# The one test command (`npm test`): set-up, lint, type check, then every test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/scripts/ensure-deps.sh
bash test/scripts/ensure-browser.sh
echo "== format (Prettier, width 100)"
npx prettier --check . --log-level warn
echo "== lint (n8n-node lint: n8n's rules for community nodes, over the whole repository)"
npx n8n-node lint
echo "== n8n's community package scanner, over the sources and the packed tarball"
node test/scripts/scan-package.mjs
echo "== type check"
npx tsc -p tsconfig.test.json --noEmit
echo "== unit and simulator tests"
npx jest --ci --selectProjects unit
echo "== end-to-end tests in a real n8n (one n8n at a time: timing must not depend on a busy machine)"
# --forceExit: every n8n and simulator is stopped by its suite; a stray handle must not hang CI.
npx jest --ci --selectProjects e2e --runInBand --forceExit
