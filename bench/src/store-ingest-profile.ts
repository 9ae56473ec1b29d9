/**
 * A driver for the store thread's ingest work in process (not part of `npm run bench`): the ingest
 * bench's 5 KB model-call spans, prepared once (prepareTraces, the prepare thread's work), then
 * replayed into a warm store as the engine thread stores them: `TraceStore.ingestPreparedSpans`
 * per 512-span export, content compressed later, as the engine opens its store. Each round opens
 * a store, stores a warm-up set of as many spans (other trace ids and text), compresses what waits
 * (the engine does that while quiet), then times the measured set in CPU time per span.
 *   npx esbuild bench/src/store-ingest-profile.ts --bundle --platform=node --outfile=out/store-ingest/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/store-ingest/
 *   ENCODING=protobuf ROUNDS=5 REQUESTS=64 node [--cpu-prof] out/store-ingest/main.js
 * It also prints the store's database bytes per stored span. PROFILE=FILE.cpuprofile: a V8 CPU
 * profile of the measured sets alone (summarize with bench/profile-summary.js).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { prepareTraces } from '../../src/engine/prepare/prepare-traces';
import { COMPRESS_FROM } from '../../src/engine/store/content-text';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceStore } from '../../src/engine/store/trace-store';
import type { PreparedSpans } from '../../src/engine/store/span-row-values';
import { buildRequests, type WireEncoding } from './llm-spans';
import { cpuMs } from './results';

const encoding = (process.env.ENCODING ?? 'protobuf') as WireEncoding;
const rounds = Number(process.env.ROUNDS ?? 5);
const requests = Number(process.env.REQUESTS ?? 64);
const SPANS_PER_REQUEST = 512;

function preparedSet(seed: number): PreparedSpans[] {
  const shape = { spansPerTrace: 10, seed, startTimeMs: Date.now() - 3_600_000 };
  // Long texts also compressed, as the prepare thread does once the store's waiting content nears
  // its cap (a set this size passes it); structuredClone: the engine thread gets a postMessage copy.
  return buildRequests(shape, encoding, requests, SPANS_PER_REQUEST).map((body) => structuredClone(prepareTraces(body, encoding, COMPRESS_FROM)));
}

/** Posts to the inspector session, as a promise. */
function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function main(): Promise<void> {
  const profileFile = process.env.PROFILE;
  const session = profileFile ? new Session() : null;
  if (session) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  }
  const SQL = await loadSqlJs();
  const measured = preparedSet(101);
  const warmUp = preparedSet(1101);
  const spans = measured.reduce((n, b) => n + b.spans.length, 0);
  console.log(`${spans} ${encoding} spans per set; store thread CPU-µs per span (warm store):`);
  const figures: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const store = TraceStore.open(SQL, { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => {}, compressContentLater: true });
    for (const batch of warmUp) store.ingestPreparedSpans(batch);
    while (store.compressWaitingContent(256));
    const profiled = session !== null && round > 0;
    if (profiled) await post(session, 'Profiler.start');
    const started = cpuMs();
    for (const batch of measured) store.ingestPreparedSpans(batch);
    const perSpan = ((cpuMs() - started) * 1000) / spans;
    if (profiled) {
      const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
      writeFileSync(`${profileFile}.${round}`, JSON.stringify(profile));
    }
    figures.push(perSpan);
    if (store.spanCount !== 2 * spans) throw new Error(`the store holds ${store.spanCount} spans, expected ${2 * spans}`);
    console.log(`  round ${round + 1}: ${perSpan.toFixed(1)} µs/span; ${(store.databaseBytes() / store.spanCount).toFixed(0)} database bytes/span`);
    store.close();
  }
  const sorted = figures.slice(1).sort((a, b) => a - b);
  if (sorted.length > 0) console.log(`median of rounds 2-${rounds}: ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs/span`);
}

void main();
