#!/usr/bin/env bash
# `npm start`: set-up, then the simulated Sitoo store chain and Klaviyo account.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/scripts/ensure-deps.sh
exec npx tsx test/simulators/run.ts
