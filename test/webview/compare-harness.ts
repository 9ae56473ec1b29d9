/**
 * Opens the REAL compare panel bundle (dist/webview/compare.js + .css) in Chromium, in the host's
 * own HTML shell and CSP (harness.ts), with the host's real PanelConnection, guard and
 * ComparePanelSession on the other side, answering from an engine. "Open in Diff Editor" and
 * "open trace" are recorded instead of acted on.
 */
import type { Page } from 'playwright-core';
import type { EngineClientLike } from '../../src/protocol/engine-api';
import type { ComparePanelPersistedState, FromComparePanel, ToComparePanel } from '../../src/protocol/compare-panel';
import { parseFromComparePanel } from '../../src/protocol/compare-panel-guards';
import { ComparePanelSession, type SpanRef } from '../../src/host/panels/compare-panel-session';
import { PanelConnection } from '../../src/host/panels/panel-connection';
import { installFakeVsCodeApi, type Browser } from './harness';
import type { ThemeName } from './themes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobal = any;

export interface ComparePage {
  page: Page;
  session: ComparePanelSession;
  fromWebview: FromComparePanel[];
  toWebview: ToComparePanel[];
  rejected: string[];
  errors: string[];
  diffs: Array<{ a: SpanRef; b: SpanRef }>;
  openedTraces: Array<{ traceId: string; spanId?: string }>;
  titles: string[];
  cspViolations(): Promise<string[]>;
  state(): Promise<ComparePanelPersistedState | undefined>;
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function openComparePanel(browser: Browser, o: {
  engine: EngineClientLike; traceIdA: string; traceIdB: string; theme?: ThemeName; state?: ComparePanelPersistedState; viewport?: { width: number; height: number };
}): Promise<ComparePage> {
  const page = await browser.context.newPage();
  if (o.viewport) await page.setViewportSize(o.viewport);
  let delivery: Promise<unknown> = Promise.resolve();
  let work: Promise<unknown> = Promise.resolve();
  const toWebview: ToComparePanel[] = [];
  const record = { fromWebview: [] as FromComparePanel[], rejected: [] as string[], errors: [] as string[], diffs: [] as Array<{ a: SpanRef; b: SpanRef }>, openedTraces: [] as Array<{ traceId: string; spanId?: string }>, titles: [] as string[] };
  const log = { warn: (m: string) => void record.rejected.push(m), error: (m: string) => void record.errors.push(m) };
  const post = (message: ToComparePanel) => {
    toWebview.push(message);
    delivery = delivery.then(() => page.evaluate((json) => (globalThis as PageGlobal).postMessage(JSON.parse(json), '*'), JSON.stringify(message))).catch(() => undefined);
  };
  const session: ComparePanelSession = new ComparePanelSession(o.traceIdA, o.traceIdB, o.engine, {
    post, isReady: () => connection.isReady, log,
    setTitle: (title) => void record.titles.push(title),
    openDiff: async (a, b) => void record.diffs.push({ a, b }),
  });
  const connection: PanelConnection<FromComparePanel> = new PanelConnection('compare panel', parseFromComparePanel, session, {
    openLocation: async () => undefined,
    copy: async () => undefined,
    openExternal: async () => undefined,
    openText: async () => undefined,
    openTrace: (traceId, spanId) => void record.openedTraces.push({ traceId, ...(spanId ? { spanId } : {}) }),
    log,
  });
  const subscription = o.engine.onEvent((e) => session.onEngineEvent(e));
  page.on('pageerror', (e) => record.errors.push(`pageerror: ${e.message}`));
  await page.exposeBinding('__tracelightToHost', (_source, raw: unknown) => {
    const parsed = parseFromComparePanel(raw);
    if (parsed.ok) record.fromWebview.push(parsed.value);
    work = work.then(() => connection.receive(raw));
  });
  await installFakeVsCodeApi(page, o.state ?? null);
  await page.goto(`${browser.origin}/panel.html?entry=compare&theme=${o.theme ?? 'dark'}`);
  return {
    page, session, toWebview, ...record,
    cspViolations: () => page.evaluate(() => ((globalThis as PageGlobal).__csp as string[]) ?? []),
    state: () => page.evaluate(() => (globalThis as PageGlobal).__vscodeState as ComparePanelPersistedState | undefined),
    settled: async () => {
      await work;
      await session.refresh();
      await delivery;
    },
    close: async () => {
      subscription.dispose();
      session.dispose();
      await page.close();
    },
  };
}
