#!/usr/bin/env bash
# UI end-to-end tests: every test/e2e/ui/*.ui.js spec drives a real VS Code (code-server, web
# workbench) with Tracelight installed, through Debian's headless Chromium and playwright-core.
# Each spec gets its own code-server, ports and workspace (a copy of demo/workspace). Screenshots
# go to test-artifacts/. Prints "ui-e2e: N passed, N failed"; exit code 0 only if all passed.
# Needs: npm run build && npm run compile-tests (test/run-all.sh does both), setup-tools.sh.
set -uo pipefail
. "$(dirname "$0")/cs-lib.sh"
ARTIFACTS="$REPO_DIR/test-artifacts"; mkdir -p "$ARTIFACTS"
[ -f "$REPO_DIR/dist/extension.js" ] || { echo "dist/extension.js missing: run npm run build"; echo "ui-e2e: 0 passed, 1 failed"; exit 1; }
ORIGINAL_HOME=$HOME
passed=0; failed=0; failed_specs=()
for spec in "$E2E_DIR"/ui/*.ui.js; do
  name=$(basename "$spec" .ui.js)
  # UI_SPEC=name runs only the specs whose name contains it.
  [[ -z "${UI_SPEC:-}" || "$name" == *"$UI_SPEC"* ]] || continue
  echo "=== ui spec: $name"
  T0=$(now_ms)
  HOME=$ORIGINAL_HOME make_run_dir ui
  CS_PORT=$(free_port)
  export TRACELIGHT_HTTP_PORT=$(free_port) TRACELIGHT_GRPC_PORT=$(free_port)
  # Install the extension under development by linking its folder as <publisher>.<name>-<version>.
  ID=$(node -p "const p=require('$REPO_DIR/package.json'); p.publisher+'.'+p.name+'-'+p.version")
  mkdir -p "$RUN/ext" && ln -s "$REPO_DIR" "$RUN/ext/$ID"
  cp -r "$REPO_DIR/demo/workspace" "$RUN/ws" 2>/dev/null || mkdir -p "$RUN/ws"
  rc=0
  if start_code_server "$RUN" "$CS_PORT" "$RUN/ws"; then
    CS_URL="http://127.0.0.1:$CS_PORT" WS_DIR="$RUN/ws" ARTIFACTS="$ARTIFACTS" CHROME_PROFILE="$RUN/chrome" \
      SCRATCH="$RUN/scratch" REPO_DIR="$REPO_DIR" timeout 240 node "$spec" || rc=$?
  else
    rc=1
  fi
  [ $rc = 0 ] || { echo "--- code-server.log (tail)"; tail -20 "$RUN/code-server.log"; }
  stop_code_server
  [ "${KEEP_RUN:-0}" = 1 ] && echo "[ui-e2e] kept $RUN" || rm -rf "$RUN"
  echo "[ui-e2e] $name: $([ $rc = 0 ] && echo passed || echo FAILED) in $(( $(now_ms) - T0 )) ms"
  if [ $rc = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); failed_specs+=("$name"); fi
done
[ $failed = 0 ] || echo "[ui-e2e] failed: ${failed_specs[*]}"
echo "ui-e2e: $passed passed, $failed failed"
[ $failed = 0 ] && [ $passed -gt 0 ]
