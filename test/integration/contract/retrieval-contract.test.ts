/**
 * The retrieval fields of Trace JSON from outside, as users get them: `tracelight import --json`
 * and the query API of `tracelight serve` (fed the captured payload over OTLP/HTTP). Expected values
 * come from the generator's declared truth (test/fixtures/retrieval/truth.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import type { TraceJsonDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { FIXTURES } from '../../factories/fixture-payloads';
import { assertBuilt, tracelight } from './installed-cli';
import { startCli } from '../../unit/cli/run-cli';

interface TruthScenario { key: string; files: string[]; steps: { kind: string; documents: { id: string; rankBefore?: number; used: boolean }[]; dropped?: unknown[] }[] }
const truth = JSON.parse(readFileSync(join(FIXTURES, 'retrieval', 'truth.json'), 'utf8')) as { scenarios: TruthScenario[] };
const scenario = (key: string): TruthScenario => truth.scenarios.find((s) => s.key === key)!;

before(assertBuilt);

function steps(doc: TraceJsonDocument): TraceJsonSpan[] {
  return doc.traces.flatMap((t) => t.spans ?? []).filter((s) => s.kind === 'retrieval' || s.kind === 'rerank');
}

test('import --json: a reranked pipeline carries ids, rank moves, drops, the answer span and used documents', async () => {
  const s = scenario('langchain-rerank');
  const run = await tracelight(['import', join(FIXTURES, 'retrieval', s.files[0]), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.deepEqual(checkTraceJson(doc), []);
  const [retrieval, rerank] = steps(doc);
  assert.deepEqual(retrieval.retrieval?.documents.map((d) => [d.id, d.used]), s.steps[0].documents.map((d) => [d.id, d.used]));
  assert.deepEqual(rerank.retrieval?.documents.map((d) => [d.id, d.rankBefore, d.used]), s.steps[1].documents.map((d) => [d.id, d.rankBefore, d.used]));
  assert.deepEqual(rerank.retrieval?.dropped, s.steps[1].dropped);
  const llm = doc.traces[0].spans?.find((x) => x.kind === 'llm');
  assert.equal(retrieval.retrieval?.answerSpanId, llm?.spanId);
  assert.equal(rerank.retrieval?.answerSpanId, llm?.spanId);
});

test('import --json: the retrieval names the model call recorded in a second trace', async () => {
  const s = scenario('langchain-cross-trace');
  const run = await tracelight(['import', join(FIXTURES, 'retrieval', s.files[0]), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.equal(doc.traces.length, 2);
  const [retrieval] = steps(doc);
  const answerTrace = doc.traces.find((t) => t.spans?.some((x) => x.kind === 'llm'));
  assert.ok(answerTrace && !answerTrace.spans?.includes(retrieval));
  assert.equal(retrieval.retrieval?.answerTraceId, answerTrace.traceId);
  assert.equal(retrieval.retrieval?.answerSpanId, answerTrace.spans?.find((x) => x.kind === 'llm')?.spanId);
});

test('query API: /api/traces/{id} carries the same retrieval fields for a payload received over OTLP/HTTP', async () => {
  const s = scenario('langchain-injection');
  const serve = startCli(['serve', '--port', '0', '--grpc-port', '0']);
  try {
    const [, httpUrl] = await serve.waitFor(/OTLP\/HTTP\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const body = readFileSync(join(FIXTURES, 'retrieval', s.files[0]));
    const posted = await fetch(`${httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    assert.equal(posted.status, 200);
    await serve.waitFor(/trace\(s\) updated/);
    const listed = (await (await fetch(`${httpUrl}/api/traces`)).json()) as { traces: { traceId: string }[] };
    const doc = (await (await fetch(`${httpUrl}/api/traces/${listed.traces[0].traceId}`)).json()) as TraceJsonDocument;
    assert.deepEqual(checkTraceJson(doc), []);
    const [retrieval] = steps(doc);
    const flagged = retrieval.retrieval?.documents.map((d) => (d.findings ?? []).length > 0);
    const injected = (truth.scenarios.find((x) => x.key === s.key)!.steps[0].documents as { injection?: boolean }[]).map((d) => d.injection === true);
    assert.deepEqual(flagged, injected);
  } finally {
    serve.child.kill('SIGINT');
    await serve.exited;
  }
});
