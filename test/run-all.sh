#!/usr/bin/env bash
# The whole test suite, as `npm test` runs it: unit tests (plain Node, fast), integration tests
# (the CLI and the engine worker from outside: contract and robustness), webview tests (Debian's
# Chromium), then the extension-host suite and the UI end-to-end test in a real VS Code
# (code-server). Installs what it needs first (idempotent). Every stage runs even when an earlier
# one failed; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
failed_stages=()
stage() { # stage NAME COMMAND...
  local name=$1; shift
  echo; echo "=== $name"
  if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; failed_stages+=("$name"); fi
}
has_tests() { compgen -G "$1" > /dev/null; }

stage build npm run --silent build || true
stage typecheck npm run --silent typecheck
stage lint npm run --silent lint
stage compile-tests npm run --silent compile-tests
stage fixtures node test/fixtures/generators/check-fixtures.mjs
if [ -d out/test/unit ]; then
  stage unit node --test --test-reporter=spec --test-concurrency=1 out/test/unit/
fi
if [ -d out/test/integration ]; then
  stage integration node --test --test-reporter=spec --test-concurrency=1 out/test/integration/
fi
if [ -d out/test/webview ]; then
  stage browser-tools bash test/e2e/setup-tools.sh
  stage webview node --test --test-reporter=spec --test-concurrency=1 out/test/webview/
fi
if [ -f test/e2e/run-ext-tests.sh ]; then
  stage vscode-tools bash test/e2e/setup-tools.sh
  stage extension-host bash test/e2e/run-ext-tests.sh
  stage ui-e2e bash test/e2e/run-ui-e2e.sh
fi

echo
if [ ${#failed_stages[@]} -eq 0 ]; then
  echo "all test stages passed"
  exit 0
fi
echo "failed stages: ${failed_stages[*]}"
exit 1
