/**
 * Runs the REAL webview bundle (dist/webview/trace.js + trace.css) in Debian's Chromium, in a page
 * built by the host's own HTML shell (same CSP, nonce), with a stand-in `acquireVsCodeApi` that
 * forwards messages to this process. Here the host's real TracePanelSession answers them from an
 * engine, after the host's real guard validated them — so tests speak the real protocol end to end.
 * Network traffic stays on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { EngineClientLike } from '../../src/protocol/engine-api';
import type { FromTracePanel, ToTracePanel, TracePanelActions, TracePanelPersistedState } from '../../src/protocol/trace-panel';
import { parseFromTracePanel } from '../../src/protocol/trace-panel-guards';
import { TracePanelSession } from '../../src/host/panels/trace-panel-session';
import { PanelConnection } from '../../src/host/panels/panel-connection';
import { makeNonce, renderWebviewHtml } from '../../src/host/panels/webview-html';
import { themeCss, type ThemeName } from './themes';

/** Code evaluated in the page sees the DOM; this file compiles without DOM types (Node tests). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobal = any;

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'webview', 'trace.js');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png' };

function serveAssets(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/panel.html') {
      const origin = `http://${req.headers.host}`;
      const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeName;
      // Which panel's bundle: dist/webview/<entry>.js and .css (the trace panel unless told).
      const entry = /^[a-z-]+$/.exec(url.searchParams.get('entry') ?? 'trace')?.[0] ?? 'trace';
      const html = renderWebviewHtml({
        cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview/${entry}.js`,
        styleUris: [`${origin}/theme/${theme}.css`, `${origin}/dist/webview/${entry}.css`], title: entry,
      });
      return send(200, 'text/html', html);
    }
    const theme = /^\/theme\/([a-z-]+)\.css$/.exec(url.pathname);
    if (theme) return send(200, 'text/css', themeCss(theme[1] as ThemeName));
    // Only the two resource roots the real panel allows.
    const file = path.resolve(REPO_ROOT, `.${decodeURIComponent(url.pathname)}`);
    const allowed = [path.join(REPO_ROOT, 'dist', 'webview') + path.sep, path.join(REPO_ROOT, 'media') + path.sep];
    if (!allowed.some((root) => file.startsWith(root)) || !existsSync(file)) return send(404, 'text/plain', 'not found');
    send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ server, origin: `http://127.0.0.1:${address.port}` });
  }));
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-webview-'));
  const { server, origin } = await serveAssets();
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 860 } });
  return {
    context,
    origin,
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PanelPage {
  page: Page;
  session: TracePanelSession;
  /** Every validated message from the webview, in order. */
  fromWebview: FromTracePanel[];
  /** Messages the host guard rejected (a correct webview sends none). */
  rejected: string[];
  /** Messages the host sent. */
  toWebview: ToTracePanel[];
  copied: string[];
  opened: Array<{ file: string; line?: number; column?: number }>;
  openedTraces: Array<{ traceId: string; spanId?: string }>;
  /** Links the webview asked VS Code to open, and texts it asked to open in an editor. */
  externalLinks: string[];
  openedTexts: Array<{ content: string; language: string }>;
  /** Page errors and webview error reports. */
  errors: string[];
  cspViolations(): Promise<string[]>;
  state(): Promise<TracePanelPersistedState | undefined>;
  /** Sends a host message directly (as the extension does for pushes such as `actions`). */
  send(message: ToTracePanel): Promise<void>;
  /** Resolves when the host has answered every message sent so far. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  engine: EngineClientLike;
  traceId: string;
  theme?: ThemeName;
  state?: TracePanelPersistedState;
  selectSpanId?: string;
  actions?: TracePanelActions;
  viewport?: { width: number; height: number };
}

export async function openPanel(browser: Browser, o: OpenOptions): Promise<PanelPage> {
  const page = await browser.context.newPage();
  if (o.viewport) await page.setViewportSize(o.viewport);
  let delivery: Promise<unknown> = Promise.resolve();
  let work: Promise<unknown> = Promise.resolve();
  const result: Omit<PanelPage, 'session' | 'send'> & { session?: TracePanelSession; send?: PanelPage['send'] } = {
    page, fromWebview: [], rejected: [], toWebview: [], copied: [], opened: [], openedTraces: [], externalLinks: [], openedTexts: [], errors: [],
    cspViolations: () => page.evaluate(() => ((globalThis as PageGlobal).__csp as string[]) ?? []),
    state: () => page.evaluate(() => (globalThis as PageGlobal).__vscodeState as TracePanelPersistedState | undefined),
    settled: async () => {
      await work;
      await delivery;
    },
    close: async () => {
      subscription.dispose();
      result.session?.dispose();
      await page.close();
    },
  };
  const send = (message: ToTracePanel) => {
    result.toWebview.push(message);
    // As JSON text: far faster through the driver than a deep object, and JSON.stringify escapes
    // lone surrogates, so hostile strings arrive exactly as sent.
    delivery = delivery.then(() => page.evaluate((json) => (globalThis as PageGlobal).postMessage(JSON.parse(json), '*'), JSON.stringify(message))).catch(() => undefined);
    return delivery.then(() => undefined);
  };
  result.send = send;
  const log = { warn: (m: string) => void result.rejected.push(m), error: (m: string) => void result.errors.push(m) };
  const session: TracePanelSession = new TracePanelSession(o.traceId, o.engine, {
    post: (message) => void send(message),
    isReady: (): boolean => connection.isReady,
    openText: async (content: string, language: string) => void result.openedTexts.push({ content, language }),
    log,
  }, () => o.actions ?? { openPrompt: false, compare: false }, o.selectSpanId);
  result.session = session;
  // The host's real connection: the same guard, handshake and routing of common messages.
  const connection: PanelConnection<FromTracePanel> = new PanelConnection('trace panel', parseFromTracePanel, session, {
    openLocation: async (file, line, column) => void result.opened.push({ file, ...(line ? { line } : {}), ...(column ? { column } : {}) }),
    copy: async (text) => void result.copied.push(text),
    openTrace: (traceId, spanId) => void result.openedTraces.push({ traceId, ...(spanId ? { spanId } : {}) }),
    openExternal: async (url) => void result.externalLinks.push(url),
    openText: async (content, language) => void result.openedTexts.push({ content, language }),
    log,
  });
  const subscription = o.engine.onEvent((e) => session.onEngineEvent(e));
  page.on('pageerror', (e) => result.errors.push(`pageerror: ${e.message}`));
  await page.exposeBinding('__tracelightToHost', (_source, raw: unknown) => {
    const parsed = parseFromTracePanel(raw);
    if (parsed.ok) result.fromWebview.push(parsed.value);
    work = work.then(() => connection.receive(raw));
  });
  await installFakeVsCodeApi(page, o.state ?? null, { once: true });
  await page.goto(`${browser.origin}/panel.html?theme=${o.theme ?? 'dark'}`);
  return result as PanelPage;
}

/** Text of the rendered tree rows currently in the DOM, top to bottom. */
export async function rowNames(page: Page): Promise<string[]> {
  return page.$$eval('.tl-row', (rows) =>
    rows
      .map((r: PageGlobal) => ({ y: new (globalThis as PageGlobal).DOMMatrix((globalThis as PageGlobal).getComputedStyle(r).transform).m42 as number, name: (r.querySelector('.tl-span-name')?.textContent ?? '') as string }))
      .sort((a, b) => a.y - b.y)
      .map((r) => r.name),
  );
}

/**
 * What VS Code gives a webview, faked for every panel's harness: `acquireVsCodeApi` posting to the
 * `__tracelightToHost` binding, persisted state in `__vscodeState`, and CSP violations collected in
 * `__csp`. `once` makes a second `acquireVsCodeApi` call throw, as VS Code's does.
 */
export async function installFakeVsCodeApi(page: Page, state: unknown, options: { once?: boolean } = {}): Promise<void> {
  await page.addInitScript(({ state, once }) => {
    const w = globalThis as PageGlobal;
    w.__vscodeState = state ?? undefined;
    w.__csp = [];
    w.document.addEventListener('securitypolicyviolation', (e: PageGlobal) => (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (once && acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m: unknown) => (w.__tracelightToHost as (m: unknown) => void)(m),
        getState: () => w.__vscodeState,
        setState: (s: unknown) => {
          w.__vscodeState = s;
        },
      };
    };
  }, { state, once: options.once ?? false });
}
