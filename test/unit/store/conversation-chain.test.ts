import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedSpan } from '../../../src/engine/model';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import type { TraceStore } from '../../../src/engine/store/trace-store';
import { makeLog, makeSpan, newTraceId } from '../../factories/spans';
import { openStore } from './open-store';

/** Text of exactly `length` characters that differs with `seed`. */
function text(length: number, seed: number): string {
  let out = `[${seed}] `;
  while (out.length < length) out += `word${(out.length * 31 + seed) % 977} `;
  return out.slice(0, length);
}

interface AgentRun {
  spans: DecodedSpan[];
  /** The input messages attribute each chat span sent, by span id. */
  sent: Map<string, string>;
  /** The tool results, as the tool spans sent them raw. */
  results: string[];
}

/**
 * An agent run as instrumentations send it: every `chat` span carries the whole history so far,
 * every tool span its raw result, which the next call quotes inside a `tool` message.
 */
function agentRun(options: { steps: number; system: string; seed: number; sharedResult?: string; python?: boolean; start: number }): AgentRun {
  const traceId = newTraceId();
  const history: unknown[] = [
    { role: 'system', parts: [{ type: 'text', content: options.system }] },
    { role: 'user', parts: [{ type: 'text', content: text(300, options.seed) }] },
  ];
  const spans: DecodedSpan[] = [];
  const sent = new Map<string, string>();
  const results: string[] = [];
  for (let step = 0; step < options.steps; step++) {
    let messages = JSON.stringify(history);
    // Python's json.dumps separators: the chain must not depend on compact JSON.
    if (options.python) messages = messages.replace(/","/g, '", "').replace(/":"/g, '": "');
    const chat = makeSpan({ traceId, name: `chat step ${step}`, startTimeUnixMs: options.start + step * 10, attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.input.messages': messages,
    } });
    sent.set(chat.spanId, messages);
    const callId = `call_${options.seed}_${step}`;
    // A result with a newline and a quote: JSON escapes them, and the raw and quoted forms still share.
    const result = step === 1 && options.sharedResult ? options.sharedResult : `line one\n"quoted" ${text(1500, options.seed * 100 + step)}`;
    results.push(result);
    const tool = makeSpan({ traceId, name: 'execute_tool read_file', startTimeUnixMs: options.start + step * 10 + 5, attributes: {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': callId, 'gen_ai.tool.call.result': result,
    } });
    spans.push(chat, tool);
    history.push(
      { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'read_file', arguments: { path: `src/m${step}.py` } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: result }] },
    );
  }
  return { spans, sent, results };
}

/** Every attribute of every span reads back exactly as sent. */
function assertReadsBack(opened: Awaited<ReturnType<typeof openStore>>, run: AgentRun): void {
  for (const span of run.spans) {
    const stored = opened.queries.getSpan(span.traceId, span.spanId);
    assert.deepEqual(stored?.attributes, span.attributes, `${span.name}: attributes rebuilt exactly`);
  }
}

async function contentRows(store: TraceStore, sql: string, params: string[] = []): Promise<number> {
  const raw = new (await loadSqlJs()).Database(store.export());
  try {
    return Number(raw.exec(sql, params)[0].values[0][0]);
  } finally {
    raw.close();
  }
}

test('an agent run costs its distinct messages once, whatever the number of calls re-sending them', async () => {
  // Content stored as UTF-8 (not compressed), so that SQL below can compare a row's text.
  const opened = await openStore({ compressContentFrom: Infinity });
  const { store } = opened;
  const steps = 30;
  const run = agentRun({ steps, system: text(2000, 1), seed: 2, start: 1_000_000, python: true });
  // One span per batch, as a batch processor under light load sends them.
  for (const span of run.spans) store.ingestSpans([span]);

  const sentTotal = [...run.sent.values()].reduce((sum, m) => sum + m.length, 0);
  // Distinct long text, by hand: the system prompt, the task, each tool result (raw and quoted: one row).
  const distinct = 2000 + 300 + run.results.reduce((sum, r) => sum + r.length, 0);
  assert.ok(sentTotal > 10 * distinct, `the conversations sent (${sentTotal} chars) are quadratic`);
  // Each message's structure (role, ids, references) is at most a few hundred bytes beside its text.
  const structure = 250 * (2 + 2 * steps);
  assert.ok(store.contentBytes < distinct + structure, `content ${store.contentBytes} B for ${distinct} B of distinct text`);
  assert.equal(await contentRows(store, 'SELECT count(*) FROM content WHERE CAST(text AS TEXT) = ?', [run.results[5]]), 1,
    'a tool result sent raw and quoted in later calls is one row');
  // A call holds one reference (its conversation's chain), however long the history.
  const lastChat = run.spans[2 * (steps - 1)];
  const refs = await contentRows(store, "SELECT length(content_refs) - length(replace(content_refs, ' ', '')) + 1 FROM spans WHERE span_id = ?", [lastChat.spanId]);
  assert.equal(refs, 1);
  assertReadsBack(opened, run);
  store.close();
});

test('retention evicts an agent run without touching what the surviving run shares, and frees the rest', async () => {
  const opened = await openStore({ limits: { maxSpans: 1_000_000, maxBytes: 1024 ** 3 } });
  const { store, logs } = opened;
  const system = text(2000, 3);
  const shared = text(2500, 4);
  const older = agentRun({ steps: 12, system, seed: 5, sharedResult: shared, start: 1_000_000 });
  const newer = agentRun({ steps: 12, system, seed: 6, sharedResult: shared, start: 2_000_000 });
  // Through the prepare step, in batches that cut the runs apart, as the engine ingests.
  const all = [...older.spans, ...newer.spans];
  for (let i = 0; i < all.length; i += 7) store.ingestPreparedSpans(prepareDecodedSpans(all.slice(i, i + 7)));
  const bothRows = store.contentCount;

  // Room for one run (retention evicts down to 90 % of the cap).
  store.setLimits({ maxSpans: Math.ceil(newer.spans.length / 0.9) + 1, maxBytes: 1024 ** 3 });
  assert.equal(store.evictedTraces, 1);
  assert.deepEqual(store.takeChanges()?.evictedTraceIds, [older.spans[0].traceId], 'the oldest run went, and the views are told');
  assert.ok(logs.some((l) => l.level === 'info' && /Retention: evicted the 1 oldest trace/.test(l.message)), 'the eviction is logged');
  assert.ok(store.contentCount < bothRows, 'the evicted run\'s own content is freed');
  assertReadsBack(opened, newer);

  // Everything freed at the end: every reference, through every chain, was counted.
  store.deleteTrace(newer.spans[0].traceId);
  assert.equal(store.contentCount, 0);
  assert.equal(store.contentBytes, 0);
  assert.equal(store.bytes, 0);
  assert.equal(await contentRows(store, 'SELECT count(*) FROM content'), 0, 'no row left behind');
  store.close();
});

test('a retried export of an agent run stores nothing twice', async () => {
  const opened = await openStore();
  const { store } = opened;
  const run = agentRun({ steps: 8, system: text(2000, 7), seed: 8, start: 1_000_000 });
  store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  const once = { rows: store.contentCount, bytes: store.bytes };
  const again = store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  assert.equal(again.duplicates, run.spans.length);
  assert.deepEqual({ rows: store.contentCount, bytes: store.bytes }, once);
  assertReadsBack(opened, run);
  store.deleteTrace(run.spans[0].traceId);
  assert.equal(store.contentCount, 0, 'the duplicates took no reference that stays behind');
  store.close();
});

test('a call whose log record came first is decoded from its batch\'s chain before the batch is stored', async () => {
  const opened = await openStore();
  const { store } = opened;
  const run = agentRun({ steps: 6, system: text(2000, 9), seed: 10, start: 1_000_000 });
  const last = run.spans[run.spans.length - 2];
  store.ingestLogs([makeLog({ traceId: last.traceId, spanId: last.spanId, eventName: 'gen_ai.choice', body: { content: 'done' } })]);
  store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  assertReadsBack(opened, run);
  store.close();
});
