/**
 * The cost panel in Chromium: the real bundle (dist/webview/cost.js) in the host's HTML shell and
 * CSP, the host's real PanelConnection, guard and CostPanelSession on the other side, answering
 * from a real engine. The VS Code actions (price input, budget, save dialog) are recorded.
 */
import type { Page } from 'playwright-core';
import type { EngineClientLike } from '../../src/protocol/engine-api';
import type { CostPanelPersistedState, CostPanelRequest, FromCostPanel, ToCostPanel } from '../../src/protocol/cost-panel';
import { parseFromCostPanel } from '../../src/protocol/cost-panel-guards';
import { CostPanelSession, type CostPanelActions } from '../../src/host/panels/cost-panel-session';
import { PanelConnection } from '../../src/host/panels/panel-connection';
import { installFakeVsCodeApi, type Browser } from './harness';
import type { ThemeName } from './themes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageGlobal = any;

export interface CostPanelPage {
  page: Page;
  session: CostPanelSession;
  fromWebview: FromCostPanel[];
  rejected: string[];
  toWebview: ToCostPanel[];
  openedTraces: Array<{ traceId: string; spanId?: string }>;
  prices: Array<{ model: string; provider?: string }>;
  budgetRequests: number;
  csv: string[];
  errors: string[];
  cspViolations(): Promise<string[]>;
  state(): Promise<CostPanelPersistedState | undefined>;
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface CostPanelOptions {
  engine: EngineClientLike;
  theme?: ThemeName;
  state?: CostPanelPersistedState;
  budget?: { limitUsd: number; window: 'today' | '1h' | '15m' | 'all' };
  viewport?: { width: number; height: number };
  refreshMs?: number;
}

export async function openCostPanel(browser: Browser, o: CostPanelOptions): Promise<CostPanelPage> {
  const page = await browser.context.newPage();
  if (o.viewport) await page.setViewportSize(o.viewport);
  let delivery: Promise<unknown> = Promise.resolve();
  let work: Promise<unknown> = Promise.resolve();
  const result = {
    page, fromWebview: [] as FromCostPanel[], rejected: [] as string[], toWebview: [] as ToCostPanel[], openedTraces: [] as Array<{ traceId: string; spanId?: string }>,
    prices: [] as Array<{ model: string; provider?: string }>, budgetRequests: 0, csv: [] as string[], errors: [] as string[],
    cspViolations: () => page.evaluate(() => ((globalThis as PageGlobal).__csp as string[]) ?? []),
    state: () => page.evaluate(() => (globalThis as PageGlobal).__vscodeState as CostPanelPersistedState | undefined),
    settled: async () => {
      await work;
      await delivery;
    },
  } as Omit<CostPanelPage, 'session' | 'close'> & Partial<CostPanelPage>;
  const send = (message: ToCostPanel) => {
    result.toWebview.push(message);
    delivery = delivery.then(() => page.evaluate((json) => (globalThis as PageGlobal).postMessage(JSON.parse(json), '*'), JSON.stringify(message))).catch(() => undefined);
  };
  const log = { warn: (m: string) => void result.rejected.push(m), error: (m: string) => void result.errors.push(m) };
  const actions: CostPanelActions = {
    budget: () => o.budget ?? null,
    addPrice: async (model, provider) => void result.prices.push({ model, ...(provider ? { provider } : {}) }),
    setBudget: async () => void (result.budgetRequests! += 1),
    saveCsv: async (csv) => void result.csv.push(csv),
  };
  const session = new CostPanelSession({ post: send, isReady: () => connection.isReady, log }, o.engine, actions, o.refreshMs ?? 50);
  const connection: PanelConnection<FromCostPanel> = new PanelConnection<FromCostPanel>('cost panel', parseFromCostPanel, session, {
    openLocation: async () => undefined,
    copy: async () => undefined,
    openExternal: async () => undefined,
    openText: async () => undefined,
    openTrace: (traceId, spanId) => void result.openedTraces.push({ traceId, ...(spanId ? { spanId } : {}) }),
    log,
  });
  const subscription = o.engine.onEvent((e) => session.onEngineEvent(e));
  page.on('pageerror', (e) => result.errors.push(`pageerror: ${e.message}`));
  await page.exposeBinding('__tracelightToHost', (_source, raw: unknown) => {
    const parsed = parseFromCostPanel(raw);
    if (parsed.ok) result.fromWebview.push(parsed.value);
    work = work.then(() => connection.receive(raw));
  });
  await installFakeVsCodeApi(page, o.state ?? null);
  result.session = session;
  result.close = async () => {
    subscription.dispose();
    session.dispose();
    await page.close();
  };
  await page.goto(`${browser.origin}/panel.html?entry=cost&theme=${o.theme ?? 'dark'}`);
  return result as CostPanelPage;
}

export type { CostPanelRequest };
