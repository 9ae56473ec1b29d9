/**
 * The retrieval analysis on RAG pipelines captured from real libraries, checked against the ground
 * truth their generator declared (test/fixtures/retrieval/truth.json, written from the scenario
 * table, never from the analysis): ranks, ids, scores, distances, duplicates and rerank moves and
 * drops exactly; used/unused for at least 9 documents in 10 with none marked used that the answer
 * ignored; every injected document flagged and no clean one. Each scenario goes through the real
 * engine (decode → normalize → store → Trace JSON), as the CLI and the query API do.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RetrievedDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { checkTraceJson } from '../../support/trace-json-check';
import { FIXTURES, FixtureEngine } from '../../webview/fixture-engine';
import { answerText } from '../../../src/analysis/retrieval';

interface TruthDoc {
  rank: number; doc: string; id: string; idSource: string; score?: number; scoreSource?: string; distance?: number;
  duplicateOf?: number; rankBefore?: number; textFromPrompt?: boolean; text?: string;
  used: boolean; evidence: string[]; injection: boolean;
}
interface TruthStep { kind: 'retrieval' | 'rerank'; documents: TruthDoc[]; dropped?: { id: string; rankBefore: number }[] }
interface TruthScenario { key: string; question: string; answer: string; answerInOtherTrace: boolean; steps: TruthStep[]; files: string[] }

const truth = JSON.parse(readFileSync(join(FIXTURES, 'retrieval', 'truth.json'), 'utf8')) as { scenarios: TruthScenario[] };

interface Tally { docs: number; usedRight: number; falseUsed: string[]; missedUsed: string[]; kindsMissing: string[]; injected: number; flagged: number; falseFlags: string[] }
const tally: Tally = { docs: 0, usedRight: 0, falseUsed: [], missedUsed: [], kindsMissing: [], injected: 0, flagged: 0, falseFlags: [] };

async function traceJsonOf(files: string[]): Promise<{ traceId: string; spans: TraceJsonSpan[] }[]> {
  const engine = await FixtureEngine.create();
  try {
    await engine.importFixtures(...files.map((f) => join('retrieval', f)));
    const { traces } = await engine.call('listTraces', { limit: 100 });
    const doc = await engine.call('getTraceJson', { traceIds: traces.map((t) => t.traceId) });
    assert.deepEqual(checkTraceJson(doc), [], 'Trace JSON with the retrieval fields passes the contract validator');
    return doc.traces.map((t) => ({ traceId: t.traceId, spans: t.spans ?? [] }));
  } finally {
    await engine.dispose();
  }
}

function checkFields(where: string, got: RetrievedDocument, want: TruthDoc): void {
  assert.equal(got.rank, want.rank, `${where} rank`);
  assert.equal(got.id, want.id, `${where} id`);
  assert.equal(got.idSource, want.idSource, `${where} idSource`);
  assert.equal(got.score, want.score, `${where} score`);
  assert.equal(got.scoreSource, want.scoreSource, `${where} scoreSource`);
  assert.equal(got.distance, want.distance, `${where} distance`);
  assert.equal(got.duplicateOf, want.duplicateOf, `${where} duplicateOf`);
  assert.equal(got.rankBefore, want.rankBefore, `${where} rankBefore`);
  if (want.textFromPrompt) {
    assert.equal(got.contentSource, 'prompt', `${where} text taken from the consuming prompt`);
    assert.equal(got.content, want.text, `${where} text as the prompt lists it`);
  }
}

function tallyJudgement(where: string, got: RetrievedDocument, want: TruthDoc): void {
  tally.docs++;
  if (got.used === want.used) tally.usedRight++;
  else if (got.used) tally.falseUsed.push(where);
  else tally.missedUsed.push(where);
  const kinds = new Set((got.evidence ?? []).map((e) => e.kind));
  for (const k of want.evidence) if (!kinds.has(k as 'quote')) tally.kindsMissing.push(`${where} ${k}`);
  const flagged = (got.findings ?? []).some((f) => f.category === 'injection');
  if (want.injection) {
    tally.injected++;
    if (flagged) tally.flagged++;
  } else if (flagged) tally.falseFlags.push(where);
}

after(() => {
  console.log(`retrieval analysis on ${truth.scenarios.length} scenarios: used/unused right for ${tally.usedRight}/${tally.docs} documents; `
    + `marked used but ignored: ${tally.falseUsed.length}; used but missed: ${tally.missedUsed.join(', ') || 'none'}; `
    + `injected flagged ${tally.flagged}/${tally.injected}; false flags ${tally.falseFlags.length}`);
});

for (const scenario of truth.scenarios) {
  test(`retrieval ${scenario.key}: documents, ranks, ids, scores and reranker moves as declared`, async () => {
    const traces = await traceJsonOf(scenario.files);
    const all = traces.flatMap((t) => t.spans.map((span) => ({ traceId: t.traceId, span })));
    const answer = all.find(({ span }) => span.kind === 'llm' && answerText(span) === scenario.answer);
    assert.ok(answer, `the model call answering ${JSON.stringify(scenario.answer)} is in the payload`);
    for (const step of scenario.steps) {
      const found = all.filter(({ span }) => span.kind === step.kind && span.retrieval);
      assert.equal(found.length, 1, `one ${step.kind} step`);
      const { traceId, span } = found[0];
      const r = span.retrieval!;
      assert.equal(r.documents.length, step.documents.length, `${step.kind} document count`);
      step.documents.forEach((want, i) => {
        const where = `${scenario.key} ${step.kind} #${want.rank} (${want.doc})`;
        checkFields(where, r.documents[i], want);
        tallyJudgement(where, r.documents[i], want);
      });
      if (step.dropped) assert.deepEqual(r.dropped, step.dropped, 'dropped by the reranker');
      else assert.equal(r.dropped, undefined);
      assert.equal(r.answerSpanId, answer.span.spanId, `${step.kind} names the model call that consumed it`);
      assert.equal(r.answerTraceId, scenario.answerInOtherTrace ? answer.traceId : undefined, 'the answer trace, when it is another one');
      if (scenario.answerInOtherTrace) assert.notEqual(answer.traceId, traceId, 'the fixture really has two traces');
    }
  });
}

test('retrieval judgement over all scenarios: used/unused ≥ 9 in 10, none used that the answer ignored, injections flagged with no false flags', () => {
  assert.ok(tally.docs >= 30, `enough documents to judge (${tally.docs})`);
  assert.deepEqual(tally.falseUsed, [], 'no document marked used that the answer ignored');
  assert.ok(tally.usedRight / tally.docs >= 0.9, `used/unused right for ${tally.usedRight}/${tally.docs}`);
  assert.deepEqual(tally.kindsMissing, [], 'each declared way of use (quote, citation, paraphrase) is found');
  assert.equal(tally.flagged, tally.injected, 'every injected document flagged');
  assert.deepEqual(tally.falseFlags, [], 'no clean document flagged');
});
