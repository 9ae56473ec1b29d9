/**
 * One ~50 MB export (10,000 of the bench's LLM spans in a single protobuf request) posted to a fresh
 * engine while this thread keeps asking it a trivial query: the longest a query waited is how long
 * the engine thread stalled on the big body. Baseline: the longest wait of the same queries while
 * the engine idles.
 */
import { buildRequests } from './llm-spans';
import { waitForSpans, type BenchEngineFactory } from './engine-under-test';
import { result, type BenchResult } from './results';

const UNKNOWN_TRACE = 'e'.repeat(32);

async function longestQueryWait(client: Parameters<typeof waitForSpans>[0], until: () => boolean, minMs: number): Promise<number> {
  let longest = 0;
  const started = performance.now();
  while (!until() || performance.now() - started < minMs) {
    const t = performance.now();
    await client.call('getTraceSummary', { traceId: UNKNOWN_TRACE });
    longest = Math.max(longest, performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return longest;
}

export async function runBigRequestBench(startEngine: BenchEngineFactory, spans: number, log: (line: string) => void): Promise<BenchResult[]> {
  const [body] = buildRequests({ spansPerTrace: 10, seed: 909, startTimeMs: Date.now() - 3_600_000 }, 'protobuf', 1, spans);
  const engine = await startEngine();
  try {
    const idle = await longestQueryWait(engine.client, () => true, 1000);
    log(`big request: one protobuf export of ${(body.byteLength / 1024 / 1024).toFixed(0)} MB (${spans} spans)`);
    let done = false;
    const posted = fetch(engine.tracesUrl, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`the engine answered ${res.status}`);
        await waitForSpans(engine.client, spans);
      })
      .finally(() => { done = true; });
    const started = performance.now();
    const busy = await longestQueryWait(engine.client, () => done, 0);
    await posted;
    log(`  stored in ${((performance.now() - started) / 1000).toFixed(1)} s; longest query wait ${busy.toFixed(0)} ms (idle ${idle.toFixed(1)} ms)`);
    return [result(`longest query wait while one ${(body.byteLength / 1024 / 1024).toFixed(0)} MB request is ingested`, busy, 'ms', { name: 'same queries, engine idle', value: idle },
      'trivial queries through the EngineClient every ~2 ms from the first byte sent until every span is stored')];
  } finally {
    await engine.dispose();
  }
}
