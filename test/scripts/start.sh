#!/usr/bin/env bash
# `npm start`: set-up, then the simulated store chain and Klaviyo account, and a real n8n with this
# package and its templates carrying sales between them.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/scripts/ensure-deps.sh
exec npx tsx test/demo/run.ts
