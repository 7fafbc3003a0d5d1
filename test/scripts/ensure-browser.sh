#!/usr/bin/env bash
# The editor tests drive Debian's Chromium with playwright-core (no browser download). Installs it
# when missing; needs root, as on the project's machines and CI.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
	echo "Installing Chromium (apt-get)…"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
