// Runs the extension-host suite (test/e2e/suite) in a desktop VS Code downloaded by
// @vscode/test-electron, where such a download is possible (it needs the VS Code update
// server; CI here has no internet, so test/run-all.sh uses code-server instead). Same suite, same
// environment variables as run-ext-tests.sh. Usage: npm run build && npm run compile-tests &&
// node test/e2e/run-desktop.js [--version stable|insiders|1.139.1]
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const REPO = path.resolve(__dirname, '../..');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const versionIndex = process.argv.indexOf('--version');
  const version = versionIndex > 0 ? process.argv[versionIndex + 1] : 'stable';
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-desktop-'));
  const workspace = path.join(run, 'ws');
  const scratch = path.join(run, 'scratch');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(scratch, { recursive: true });
  const resultFile = path.join(run, 'results.json');
  let failed = true;
  try {
    await runTests({
      version,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'out/test/e2e/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(run, 'data')],
      extensionTestsEnv: {
        TRACELIGHT_HTTP_PORT: String(await freePort()),
        TRACELIGHT_GRPC_PORT: String(await freePort()),
        TRACELIGHT_E2E_SCRATCH: scratch,
        EXT_TEST_RESULT_FILE: resultFile,
      },
    });
    failed = false;
  } catch (error) {
    console.error(`desktop run failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const results = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1 };
  console.log(`extension-host (desktop): ${results.passed} passed, ${results.failed} failed`);
  fs.rmSync(run, { recursive: true, force: true });
  process.exit(failed || results.failed > 0 ? 1 : 0);
}

main();
