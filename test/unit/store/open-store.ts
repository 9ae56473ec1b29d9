/** Opens a real in-memory store (sql.js) for a test, recording what it logs. */
import type { EngineLogLevel } from '../../../src/protocol/engine-api';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { TraceStore, type StoreOptions } from '../../../src/engine/store/trace-store';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';

export interface OpenedStore {
  store: TraceStore;
  queries: TraceQueries;
  logs: Array<{ level: EngineLogLevel; message: string }>;
}

export async function openStore(options: Partial<StoreOptions> = {}): Promise<OpenedStore> {
  const logs: OpenedStore['logs'] = [];
  const store = TraceStore.open(await loadSqlJs(), {
    limits: { maxSpans: 1_000_000, maxBytes: 1024 ** 3 },
    log: (level, message) => logs.push({ level, message }),
    ...options,
  });
  return { store, queries: new TraceQueries(store), logs };
}

/** Stores every good fixture's spans, then every fixture's log records (as the receiver would). */
export function storeEveryFixture(store: TraceStore): void {
  const entries = manifest().filter((e) => !e.expectError);
  for (const entry of entries.filter((e) => e.signal === 'traces')) {
    const body = fixtureBody(entry);
    if (body) store.ingestSpans(decodeTraces(body, entry.encoding).items);
  }
  store.ingestLogs(entries.filter((e) => e.signal === 'logs').flatMap((e) => {
    const body = fixtureBody(e);
    return body ? decodeLogs(body, e.encoding).items : [];
  }));
}

/** What a user sees: the trace list, every trace's Trace JSON, the cost report, and the counts. */
export function storeAnswers(opened: OpenedStore): unknown {
  const { traces } = opened.queries.listTraces({ limit: 100_000 });
  return {
    traces,
    json: opened.queries.getTraceJson(traces.map((t) => t.traceId)),
    // From the cost rollup, which a snapshot leaves to be rebuilt.
    cost: opened.store.costReport({ window: 'all', nowUnixMs: Date.UTC(2030, 0, 1) }),
    counts: [opened.store.spanCount, opened.store.logCount, opened.store.untracedLogCount, opened.store.contentCount, opened.store.contentBytes, opened.store.bytes],
  };
}
