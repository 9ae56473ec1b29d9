/**
 * Opens the REAL retrieval inspector bundle in Chromium (the host's HTML shell and CSP, served by
 * harness.ts) with a stand-in `acquireVsCodeApi` whose messages go through the host's real
 * PanelConnection (guard, handshake, common messages) to the real RetrievalPanelSession, which
 * answers from an engine.
 */
import type { Page } from 'playwright-core';
import type { EngineClientLike } from '../../src/protocol/engine-api';
import type { FromRetrievalPanel, RetrievalPanelPersistedState, ToRetrievalPanel } from '../../src/protocol/retrieval-panel';
import { parseFromRetrievalPanel } from '../../src/protocol/retrieval-panel-guards';
import { RetrievalPanelSession } from '../../src/host/panels/retrieval-panel-session';
import { PanelConnection } from '../../src/host/panels/panel-connection';
import { installFakeVsCodeApi, type Browser } from './harness';
import type { ThemeName } from './themes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobal = any;

export interface RetrievalPage {
  page: Page;
  session: RetrievalPanelSession;
  fromWebview: FromRetrievalPanel[];
  rejected: string[];
  toWebview: ToRetrievalPanel[];
  opened: { traceId: string; spanId?: string }[];
  errors: string[];
  cspViolations(): Promise<string[]>;
  state(): Promise<RetrievalPanelPersistedState | undefined>;
  /** Resolves when the host has answered every message sent so far. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface RetrievalOpenOptions {
  engine: EngineClientLike;
  traceId: string;
  /** null: a panel restored before its webview says which span it showed. */
  spanId: string | null;
  theme?: ThemeName;
  state?: RetrievalPanelPersistedState;
  viewport?: { width: number; height: number };
}

export async function openRetrievalPanel(browser: Browser, o: RetrievalOpenOptions): Promise<RetrievalPage> {
  const page = await browser.context.newPage();
  if (o.viewport) await page.setViewportSize(o.viewport);
  let delivery: Promise<unknown> = Promise.resolve();
  let work: Promise<unknown> = Promise.resolve();
  const fromWebview: FromRetrievalPanel[] = [];
  const rejected: string[] = [];
  const toWebview: ToRetrievalPanel[] = [];
  const opened: { traceId: string; spanId?: string }[] = [];
  const errors: string[] = [];
  const send = (message: ToRetrievalPanel) => {
    toWebview.push(message);
    delivery = delivery.then(() => page.evaluate((json) => (globalThis as PageGlobal).postMessage(JSON.parse(json), '*'), JSON.stringify(message))).catch(() => undefined);
  };
  const log = { warn: (m: string) => void rejected.push(m), error: (m: string) => void errors.push(m) };
  const session: RetrievalPanelSession = new RetrievalPanelSession(o.traceId, o.spanId, o.engine, { post: send, isReady: () => connection.isReady, log });
  const connection: PanelConnection<FromRetrievalPanel> = new PanelConnection('retrieval inspector', parseFromRetrievalPanel, session, {
    openLocation: async () => undefined,
    copy: async () => undefined,
    openTrace: (traceId, spanId) => void opened.push({ traceId, ...(spanId ? { spanId } : {}) }),
    openExternal: async () => undefined,
    openText: async () => undefined,
    log,
  });
  const subscription = o.engine.onEvent((e) => session.onEngineEvent(e));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.exposeBinding('__tracelightToHost', (_source, raw: unknown) => {
    const parsed = parseFromRetrievalPanel(raw);
    if (parsed.ok) fromWebview.push(parsed.value);
    work = work.then(() => connection.receive(raw));
  });
  await installFakeVsCodeApi(page, o.state ?? null);
  const origin = (browser as Browser).origin;
  await page.goto(`${origin}/panel.html?entry=retrieval&theme=${o.theme ?? 'dark'}`);
  return {
    page, session, fromWebview, rejected, toWebview, opened, errors,
    settled: async () => {
      await work;
      await delivery;
    },
    cspViolations: () => page.evaluate(() => ((globalThis as PageGlobal).__csp as string[]) ?? []),
    state: () => page.evaluate(() => (globalThis as PageGlobal).__vscodeState as RetrievalPanelPersistedState | undefined),
    close: async () => {
      subscription.dispose();
      session.dispose();
      await page.close();
    },
  };
}
