#!/usr/bin/env bash
# Installs the project's dev dependencies when node_modules is missing or older than package-lock.json,
# so `npm test` and `npm start` work on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/../.."
marker=node_modules/.lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$want" ]; then
	echo "Installing dependencies (npm ci)…"
	npm ci --no-audit --no-fund --loglevel=error
	echo "$want" > "$marker"
fi
