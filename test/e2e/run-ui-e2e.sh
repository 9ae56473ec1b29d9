#!/usr/bin/env bash
# UI end-to-end tests: every test/e2e/ui/*.ui.js spec drives a real VS Code (code-server, web
# workbench) with Tracelight installed from its packaged .vsix (as a user installs it, so a file
# missing from the package fails here), through Debian's headless Chromium and playwright-core.
# Each spec gets its own code-server, ports and workspace (a copy of demo/workspace). Screenshots
# go to test-artifacts/. Prints "ui-e2e: N passed, N failed"; exit code 0 only if all passed.
# Needs: npm run build && npm run compile-tests (test/run-all.sh does both), setup-tools.sh.
set -uo pipefail
. "$(dirname "$0")/cs-lib.sh"
ARTIFACTS="$REPO_DIR/test-artifacts"; mkdir -p "$ARTIFACTS"
[ -f "$REPO_DIR/dist/extension.js" ] || { echo "dist/extension.js missing: run npm run build"; echo "ui-e2e: 0 passed, 1 failed"; exit 1; }
ORIGINAL_HOME=$HOME
# Package the extension (npm run package) unless TRACELIGHT_VSIX names a .vsix, and install it
# once with code-server's own CLI into a template extensions folder that every spec copies.
if [ -z "${TRACELIGHT_VSIX:-}" ]; then
  (cd "$REPO_DIR" && npm run --silent package > "$ARTIFACTS/package.log" 2>&1) \
    || { tail -20 "$ARTIFACTS/package.log"; echo "ui-e2e: 0 passed, 1 failed"; exit 1; }
  TRACELIGHT_VSIX="$REPO_DIR/$(node -p "const p=require('$REPO_DIR/package.json'); p.name+'-'+p.version+'.vsix'")"
fi
EXT_TEMPLATE=$(mktemp -d /tmp/tl-ext.XXXXXX) INSTALL_HOME=$(mktemp -d /tmp/tl-home.XXXXXX)
trap 'rm -rf "$EXT_TEMPLATE" "$INSTALL_HOME"' EXIT
HOME=$INSTALL_HOME "$NODE24_HOME/bin/node" "$CODE_SERVER_ENTRY" \
  --extensions-dir "$EXT_TEMPLATE" --install-extension "$TRACELIGHT_VSIX" > "$ARTIFACTS/install-extension.log" 2>&1 \
  || { cat "$ARTIFACTS/install-extension.log"; echo "ui-e2e: 0 passed, 1 failed"; exit 1; }
echo "[ui-e2e] installed $(basename "$TRACELIGHT_VSIX") ($(du -k "$TRACELIGHT_VSIX" | cut -f1) KB): $(ls "$EXT_TEMPLATE" | grep -v json)"
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
  mkdir -p "$RUN/ext" && cp -a "$EXT_TEMPLATE/." "$RUN/ext/"
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
