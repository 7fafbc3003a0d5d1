#!/usr/bin/env bash
# The one test command (`npm test`): set-up, lint, type check, then every test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/scripts/ensure-deps.sh
bash test/scripts/ensure-browser.sh
echo "== lint"
npx eslint nodes credentials package.json
echo "== type check"
npx tsc -p tsconfig.test.json --noEmit
echo "== tests"
npx jest --ci
