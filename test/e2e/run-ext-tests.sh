#!/usr/bin/env bash
# Runs the mocha suite in test/e2e/suite INSIDE a real VS Code extension host (code-server), the
# way @vscode/test-electron runs it on the desktop, against the built extension (dist/extension.js)
# and its real engine worker. Prints "extension-host: N passed, N failed"; exit code 0 only if all passed.
# Needs: npm run build && npm run compile-tests (test/run-all.sh does both), setup-tools.sh.
set -uo pipefail
. "$(dirname "$0")/cs-lib.sh"
TESTS_ENTRY="$REPO_DIR/out/test/e2e/suite/index.js"
[ -f "$REPO_DIR/dist/extension.js" ] || { echo "dist/extension.js missing: run npm run build"; echo "extension-host: 0 passed, 1 failed"; exit 1; }
[ -f "$TESTS_ENTRY" ] || { echo "$TESTS_ENTRY missing: run npm run compile-tests"; echo "extension-host: 0 passed, 1 failed"; exit 1; }

T0=$(now_ms)
make_run_dir ext
CS_PORT=$(free_port)
# Per-run receiver ports, read by the extension when the settings do not name one.
export TRACELIGHT_HTTP_PORT=$(free_port) TRACELIGHT_GRPC_PORT=$(free_port)
export TRACELIGHT_E2E_SCRATCH="$RUN/scratch"; mkdir -p "$TRACELIGHT_E2E_SCRATCH"
export EXT_TEST_RESULT_FILE="$RUN/results.json" EXT_TEST_REPORT_FILE="$RUN/report.txt"
cleanup() { stop_code_server; [ "${KEEP_RUN:-0}" = 1 ] && echo "[ext-tests] kept $RUN" || rm -rf "$RUN"; }
trap cleanup EXIT

start_code_server "$RUN" "$CS_PORT" "$RUN/ws" --vscode-option enable-smoke-test-driver || { echo "extension-host: 0 passed, 1 failed"; exit 1; }

rc=0
CS_URL="http://127.0.0.1:$CS_PORT" WS_DIR="$RUN/ws" EXT_DEV_PATH="$REPO_DIR" EXT_TESTS_PATH="$TESTS_ENTRY" \
  CHROME_PROFILE="$RUN/chrome" timeout 300 node "$E2E_DIR/drivers/ext-host-driver.js" || rc=$?

[ -f "$RUN/report.txt" ] && cat "$RUN/report.txt"
if [ -f "$RUN/results.json" ]; then
  summary=$(node -p "const r=require('$RUN/results.json'); r.passed+' passed, '+r.failed+' failed'")
  [ "$(node -p "require('$RUN/results.json').failed")" = 0 ] || rc=1
else
  echo "[ext-tests] no results file: the test runner never ran"; summary="0 passed, 1 failed"; rc=1
fi
[ $rc = 0 ] || { echo "--- code-server.log (tail)"; tail -30 "$RUN/code-server.log"; }
echo "[ext-tests] total $(( $(now_ms) - T0 )) ms"
echo "extension-host: $summary"
exit $rc
