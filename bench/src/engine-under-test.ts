/**
 * The engine as the extension runs it: the shipped worker bundle (dist/engine-worker.js) driven by
 * the real EngineClient from this (the caller's) thread, with the OTLP/HTTP receiver on a free
 * loopback port. Retention caps are raised so that nothing is evicted while measuring.
 */
import { EngineClient } from '../../src/engine/engine-client';
import { DEFAULT_ENGINE_CONFIG, type EngineClientLike, type EngineConfig } from '../../src/protocol/engine-api';

export interface BenchEngine {
  client: EngineClientLike;
  tracesUrl: string;
  dispose(): Promise<void>;
}
export type BenchEngineFactory = () => Promise<BenchEngine>;

/** `workerPath`: the worker bundle to measure (default: dist/engine-worker.js, built by `npm run bench`). */
export function benchEngineFactory(workerPath: string, overrides: Partial<EngineConfig> = {}): BenchEngineFactory {
  const config: EngineConfig = {
    ...DEFAULT_ENGINE_CONFIG,
    ...overrides,
    httpPort: 0,
    grpcPort: null,
    maxSpans: 2_000_000,
    maxBytes: 2 * 1024 ** 3,
    snapshotPath: null,
  };
  return async () => {
    const client = new EngineClient({ workerPath, config });
    const state = await client.call('startReceiver', {});
    if (!state.http) {
      await client.dispose();
      throw new Error(`the engine's receiver did not start: ${state.error ?? 'no HTTP endpoint'}`);
    }
    return { client, tracesUrl: `http://127.0.0.1:${state.http.port}/v1/traces`, dispose: async () => void (await client.dispose()) };
  };
}

/**
 * Resolves once `expected` spans are queryable (stats.spanCount), polling every 2 ms; fails on
 * rejected spans or when nothing changes for 60 s, so a broken engine cannot hang the bench.
 */
export async function waitForSpans(client: EngineClientLike, expected: number): Promise<void> {
  let lastCount = -1;
  let lastChange = performance.now();
  for (;;) {
    const stats = await client.call('stats', {});
    if (stats.rejectedSpans > 0) throw new Error(`the engine rejected ${stats.rejectedSpans} spans`);
    if (stats.spanCount >= expected) {
      if (stats.spanCount > expected) throw new Error(`the engine holds ${stats.spanCount} spans, expected ${expected}`);
      return;
    }
    if (stats.spanCount !== lastCount) {
      lastCount = stats.spanCount;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 60_000) {
      throw new Error(`the engine stopped at ${stats.spanCount} of ${expected} spans (evicted ${stats.evictedSpans})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
