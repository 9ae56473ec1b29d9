/**
 * Not a test: a throughput probe for the normalizer on every captured real-library span, and on a
 * plain HTTP span (the common case the families must skip cheaply). Reports spans per CPU-second,
 * which stays meaningful on a busy machine where wall time does not.
 *
 *   npm run compile-tests && node out/test/unit/semconv/normalize-throughput.js --run
 *
 * Without `--run` it does nothing: the unit-test runner executes every file under out/test/ and
 * speed does not belong in tests.
 */
import { readdirSync } from 'node:fs';
import { normalizeSpan } from '../../../src/engine/semconv';
import type { DecodedSpan } from '../../../src/engine/model';
import { FIXTURES, hasFamily, loadFamily } from './fixture-loader';

function perCpuSecond(spans: DecodedSpan[], total: number): number {
  for (const s of spans) normalizeSpan(s, []); // warm-up
  const before = process.cpuUsage();
  let done = 0;
  while (done < total) for (const s of spans) { normalizeSpan(s, []); done++; }
  const used = process.cpuUsage(before);
  return Math.round(done / ((used.user + used.system) / 1e6));
}

function main(): void {
  const real = readdirSync(FIXTURES).filter((f) => f !== 'handwritten' && hasFamily(f)).flatMap((f) => loadFamily(f).flatMap((x) => x.spans.map((s) => s.span)));
  const plain: DecodedSpan = {
    traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null, name: 'GET /x', spanKind: 'server', startTimeUnixMs: 1, endTimeUnixMs: 2,
    status: { code: 'unset' }, events: [], links: [], resource: {}, scope: { name: 's' },
    attributes: { 'http.request.method': 'GET', 'http.route': '/x', 'http.response.status_code': 200, 'url.path': '/x', 'server.address': 'h', 'server.port': 80 },
  };
  console.log(`real LLM-library spans (${real.length} distinct): ${perCpuSecond(real, 100_000)} spans per CPU-second`);
  console.log(`plain HTTP span: ${perCpuSecond([plain], 200_000)} spans per CPU-second`);
}

if (process.argv.includes('--run')) main();
