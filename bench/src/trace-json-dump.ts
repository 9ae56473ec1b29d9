/**
 * Writes the Trace JSON document of every trace of every fixture (stored both ways the engine
 * stores spans: decoded on the store's thread and prepared as on the prepare thread, log records
 * after their spans), of the hostile traces and of bench-shaped traces, one file per source, so two
 * builds of the store can be compared byte for byte (`diff -r BEFORE AFTER`). Not part of `npm run bench`.
 *   npx esbuild bench/src/trace-json-dump.ts --bundle --platform=node --outfile=out/trace-json-dump/main.js
 *   cp node_modules/sql.js/dist/sql-wasm.wasm out/trace-json-dump/ && node out/trace-json-dump/main.js DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DecodedLogRecord, DecodedSpan } from '../../src/engine/model';
import { decodeLogs, decodeTraces } from '../../src/engine/otlp';
import { prepareDecodedSpans } from '../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../src/engine/store/sql-loader';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import { fixturePath, manifest } from '../../test/factories/fixture-payloads';
import { benchAgentChains, benchLlmSpans, hostileBodies } from './dump-sources';
import { serializeSpans } from './llm-spans';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node out/trace-json-dump/main.js DIR');
mkdirSync(outDir, { recursive: true });

type Sql = Parameters<typeof TraceStore.open>[0];

function dump(SQL: Sql, name: string, spans: readonly DecodedSpan[], logs: readonly DecodedLogRecord[]): void {
  for (const prepared of [false, true]) {
    const store = TraceStore.open(SQL, { limits: { maxSpans: 10_000_000, maxBytes: 2 * 1024 ** 3 }, log: () => undefined });
    if (prepared) store.ingestPreparedSpans(prepareDecodedSpans(spans));
    else store.ingestSpans(spans);
    store.ingestLogs(logs);
    const queries = new TraceQueries(store);
    const ids = queries.listTraces({ limit: 100_000 }).traces.map((t) => t.traceId).sort();
    const docs = ids.map((id) => JSON.stringify(new TraceQueries(store).getTraceJson([id])));
    writeFileSync(path.join(outDir, `${name}.${prepared ? 'prepared' : 'decoded'}.json`), docs.join('\n') + '\n');
    store.close();
  }
}

async function main(): Promise<void> {
  const SQL = await loadSqlJs();
  const entries = manifest().filter((e) => !e.expectError);
  for (const family of [...new Set(entries.map((e) => e.family))]) {
    const bodies = entries.filter((e) => e.family === family).flatMap((e) => {
      const raw = readFileSync(fixturePath(e));
      try {
        return [{ e, body: e.compression === 'gzip' ? gunzipSync(raw) : raw }];
      } catch {
        return [];
      }
    });
    // A fixture the decoder refuses (a hostile body) adds nothing, as on the wire.
    const decoded = <T>(decode: () => T[]): T[] => {
      try {
        return decode();
      } catch {
        return [];
      }
    };
    const spans = bodies.filter((b) => b.e.signal === 'traces').flatMap((b) => decoded(() => decodeTraces(b.body, b.e.encoding).items));
    const logs = bodies.filter((b) => b.e.signal === 'logs').flatMap((b) => decoded(() => decodeLogs(b.body, b.e.encoding).items));
    dump(SQL, `fixture-${family.replace(/\W+/g, '-')}`, spans, logs);
  }
  for (const { name, body, encoding } of hostileBodies(path.join(path.dirname(path.resolve(outDir)), 'trace-json-dump-bodies'))) dump(SQL, `hostile-${name}`, decodeTraces(body, encoding).items, []);
  const llm = benchLlmSpans();
  dump(SQL, 'bench-llm-protobuf', decodeTraces(serializeSpans(llm, 'protobuf'), 'protobuf').items, []);
  dump(SQL, 'bench-llm-json', decodeTraces(serializeSpans(llm, 'json'), 'json').items, []);
  dump(SQL, 'bench-agents', benchAgentChains(), []);
  console.log(`wrote ${outDir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
