import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSpan, newTraceId } from '../../factories/spans';
import { normalizeSpan } from '../../../src/engine/semconv';
import { openStore } from './open-store';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';

/** Text of exactly `length` characters that differs with `seed`. */
function text(length: number, seed: number): string {
  let out = `[${seed}] `;
  while (out.length < length) out += `word${(out.length * 31 + seed) % 977} `;
  return out.slice(0, length);
}

test('50 spans sharing a 4 KB prompt store it once', async () => {
  const { store, queries } = await openStore({ normalize: () => ({ kind: 'llm' }) });
  const prompt = text(4096, 1);
  const traceId = newTraceId();
  const spans = Array.from({ length: 50 }, (_, i) => makeSpan({ traceId, name: `call ${i}`, attributes: { prompt, step: i } }));
  store.ingestSpans(spans.slice(0, 1));
  const afterOne = { count: store.contentCount, bytes: store.contentBytes };
  assert.ok(afterOne.bytes >= 4096, 'the prompt went to the content table');

  store.ingestSpans(spans.slice(1, 25));
  store.ingestSpans(spans.slice(25));
  assert.equal(store.contentCount, afterOne.count, 'no new content rows for the repeats');
  assert.equal(store.contentBytes, afterOne.bytes);
  assert.ok(store.bytes < afterOne.bytes + 50 * 1024, `50 spans cost ${store.bytes} bytes, far less than 50 copies`);
  assert.equal(queries.getSpan(traceId, spans[37].spanId)!.attributes!.prompt, prompt, 'the prompt is resolved on read');

  // Distinct prompts do cost their size each.
  store.ingestSpans([makeSpan({ traceId, attributes: { prompt: text(4096, 2) } })]);
  assert.ok(store.contentBytes >= afterOne.bytes + 4096);
  store.close();
});

test('an agent re-sending its whole history costs memory linear in distinct messages, and the raw attribute is exact', async () => {
  const { store, queries } = await openStore({ normalize: normalizeSpan });
  const traceId = newTraceId();
  const steps = 40;
  const messages: Array<{ role: string; parts: Array<{ type: string; content: string }> }> = [];
  const sent: string[] = [];
  let rawTotal = 0;
  const spans = [];
  for (let step = 0; step < steps; step++) {
    messages.push({ role: step % 2 ? 'assistant' : 'user', parts: [{ type: 'text', content: text(600, step) }] });
    // Python's json.dumps separators (", " and ": "): the split must not depend on compact JSON.
    const attribute = JSON.stringify(messages).replace(/","/g, '", "').replace(/":"/g, '": "');
    sent.push(attribute);
    rawTotal += attribute.length;
    spans.push(makeSpan({ traceId, name: `chat step ${step}`, attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': attribute,
    } }));
  }
  for (const span of spans) store.ingestSpans([span]);
  const distinct = steps * 600;
  assert.ok(rawTotal > 15 * distinct, `the naive size (${rawTotal}) is quadratic`);
  // Each distinct message is held once (its text), plus its place in the conversation's chain (a
  // composite of its structure and references, under 150 bytes here). Linear in distinct content.
  assert.ok(store.contentBytes < distinct + steps * 150, `content ${store.contentBytes} bytes for ${distinct} distinct bytes`);
  // What a step holds itself is structure and references: fewer than one reference per message.
  const raw = new (await loadSqlJs()).Database(store.export());
  const lastDetail = Number(raw.exec('SELECT length(detail) FROM spans WHERE span_id = ?', [spans[steps - 1].spanId])[0].values[0][0]);
  raw.close();
  const oneReferencePerMessage = steps * '{"$c":"0123456789abcdefghij"},'.length;
  assert.ok(lastDetail < oneReferencePerMessage, `step ${steps}: detail of ${lastDetail} bytes`);
  assert.ok(store.bytes < rawTotal / 4, `store ${store.bytes} bytes, naive ${rawTotal}`);

  for (const step of [0, 17, steps - 1]) {
    const span = queries.getSpan(traceId, spans[step].spanId);
    assert.equal(span?.attributes!['gen_ai.input.messages'], sent[step], `step ${step}: raw attribute rebuilt byte for byte`);
  }
  store.close();
});

test('deleting the last span that references content frees it; shared content survives', async () => {
  const { store } = await openStore({ normalize: () => ({ kind: 'other' }) });
  const shared = text(1000, 7);
  const a = makeSpan({ attributes: { shared, own: text(1000, 8) } });
  const b = makeSpan({ attributes: { shared, own: text(1000, 9) } });
  store.ingestSpans([a, b]);
  const before = store.contentCount;
  store.deleteTrace(a.traceId);
  assert.equal(store.contentCount, before - 1, 'only a\'s own text is freed');
  store.deleteTrace(b.traceId);
  assert.ok(store.contentCount < before - 1);
  assert.equal(store.bytes, 0, 'nothing left: rows and content accounted back to zero');
  store.close();
});
