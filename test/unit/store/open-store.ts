/** Opens a real in-memory store (sql.js) for a test, recording what it logs. */
import type { EngineLogLevel } from '../../../src/protocol/engine-api';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { TraceStore, type StoreOptions } from '../../../src/engine/store/trace-store';
import { TraceQueries } from '../../../src/engine/store/trace-queries';

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
