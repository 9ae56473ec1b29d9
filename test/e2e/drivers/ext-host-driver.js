// Opens the workbench of a running code-server with extensionDevelopmentPath + extensionTestsPath
// (the URL "payload", honoured by a built VS Code only when the server runs with
// --enable-smoke-test-driver), so the mocha suite runs inside the real extension host. When the
// suite's run() settles, the workbench calls window.codeAutomationExit(code), exposed here.
// Env: CS_URL, WS_DIR, EXT_DEV_PATH, EXT_TESTS_PATH, CHROME_PROFILE, EXT_TEST_TIMEOUT_MS
const { chromium } = require('playwright-core');
const { CS_URL, WS_DIR, EXT_DEV_PATH, EXT_TESTS_PATH, CHROME_PROFILE } = process.env;
const VERBOSE = process.env.EXT_TEST_VERBOSE === '1';

(async () => {
  const t0 = Date.now();
  const authority = new URL(CS_URL).host; // code-server's remote authority is the page's host:port
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${EXT_DEV_PATH}`],
    ['extensionTestsPath', `vscode-remote://${authority}${EXT_TESTS_PATH}`],
  ];
  const url = `${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ctx = await chromium.launchPersistentContext(CHROME_PROFILE, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on('console', (m) => { if (VERBOSE || m.type() === 'error') console.log(`[browser ${m.type()}]`, m.text().slice(0, 400)); });
  let done;
  const exited = new Promise((resolve) => (done = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const limit = Number(process.env.EXT_TEST_TIMEOUT_MS || 240000);
  let timer;
  const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), limit)))]);
  clearTimeout(timer);
  console.log(`[ext-tests] extension host reported exit code ${code} after ${Date.now() - t0} ms`);
  await ctx.close();
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
