/**
 * Tool results are indexed once per tool-call id (tool-result-index.ts), naming the first model
 * call that received each, instead of every call's list of the results it re-sends. Checked
 * against the generator's intent (step k's call receives the result of step k-1's tool first), on
 * batches arriving out of order, on ties, after log records normalize a call again, and on a
 * snapshot written before (result ids in the `tool_calls` column), which opens with the same links.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'sql.js';
import type { DecodedSpan } from '../../../src/engine/model';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { lookUpToolLink, WHOLE_TRACE } from '../../../src/engine/store/tool-link-lookup';
import { TraceQueries } from '../../../src/engine/store/trace-queries';
import { makeLog, makeSpan, newSpanId, newTraceId } from '../../factories/spans';
import { openStore, type OpenedStore } from './open-store';

const T0 = 1_764_300_000_000;

interface AgentRun {
  traceId: string;
  spans: DecodedSpan[];
  /** Step k's model call and tool span ids. */
  calls: string[];
  tools: string[];
}

/** An agent run: step k's model call re-sends every earlier tool result and asks for `call_k`, whose tool runs next. */
function agentRun(steps: number): AgentRun {
  const traceId = newTraceId();
  const root = makeSpan({ traceId, name: 'invoke_agent coder', startTimeUnixMs: T0, endTimeUnixMs: T0 + steps * 10 + 5,
    attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const run: AgentRun = { traceId, spans: [root], calls: [], tools: [] };
  const history: unknown[] = [{ role: 'user', parts: [{ type: 'text', content: 'Fix the bug.' }] }];
  for (let k = 0; k < steps; k++) {
    const t = T0 + k * 10 + 1;
    const ask = { role: 'assistant', parts: [{ type: 'tool_call', id: `call_${k}`, name: 'read_file', arguments: { path: `f${k}.py` } }] };
    const call = makeSpan({ traceId, parentSpanId: root.spanId, spanId: newSpanId(), name: 'chat gpt-4.1', startTimeUnixMs: t, endTimeUnixMs: t + 3,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.input.messages': JSON.stringify(history),
        'gen_ai.output.messages': JSON.stringify([ask]) } });
    const tool = makeSpan({ traceId, parentSpanId: root.spanId, spanId: newSpanId(), name: 'execute_tool read_file', startTimeUnixMs: t + 4, endTimeUnixMs: t + 6,
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'read_file', 'gen_ai.tool.call.id': `call_${k}`, 'gen_ai.tool.call.result': `contents ${k}` } });
    run.spans.push(call, tool);
    run.calls.push(call.spanId);
    run.tools.push(tool.spanId);
    history.push(ask, { role: 'tool', parts: [{ type: 'tool_call_response', id: `call_${k}`, response: `contents ${k}` }] });
  }
  return run;
}

async function snapshotDatabase(opened: OpenedStore): Promise<Database> {
  return new (await loadSqlJs()).Database(opened.store.export());
}

function rowsOf(db: Database, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

/** Every tool span: looked up without falling back to the whole trace, linked as the generator intends, and equal to the whole trace's span. */
function assertLinks(opened: OpenedStore, run: AgentRun, consumerOf: (k: number) => string | undefined): void {
  const whole = new TraceQueries(opened.store).getTraceJson([run.traceId]).traces[0].spans!;
  run.tools.forEach((toolId, k) => {
    const alone = new TraceQueries(opened.store).getSpan(run.traceId, toolId)!;
    assert.equal(JSON.stringify(alone), JSON.stringify(whole.find((s) => s.spanId === toolId)), `tool ${k} read alone`);
    const found = lookUpToolLink(alone, opened.store.spanLookups(run.traceId));
    assert.notEqual(found, WHOLE_TRACE, `tool ${k} is looked up`);
    if (found === WHOLE_TRACE) return;
    assert.deepEqual(found.link, { requestedBySpanId: run.calls[k], ...(consumerOf(k) ? { consumedBySpanId: consumerOf(k) } : {}) }, `tool ${k}'s link`);
  });
}

test('an agent run: one indexed row per tool call, naming the next step\'s call, however many later calls re-send the result', async () => {
  const run = agentRun(30);
  const opened = await openStore();
  opened.store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  const db = await snapshotDatabase(opened);
  const rows = rowsOf(db, `SELECT call_id, span_id, tied FROM tool_results WHERE trace_id = '${run.traceId}' ORDER BY start_ms`);
  // 29 results are re-sent 435 times in all; the last tool's result is never sent.
  assert.deepEqual(rows, run.calls.slice(1).map((spanId, k) => [`call_${k}`, spanId, 0]));
  assert.equal(rowsOf(db, `SELECT count(*) FROM spans WHERE instr(tool_calls, 'call_0') > 0`)[0][0], 1, 'only the call asking for call_0 names it in its row');
  db.close();
  assertLinks(opened, run, (k) => run.calls[k + 1]);
  opened.store.close();
});

test('calls arriving later than the ones after them, and one batch at a time on the store\'s thread, index the same first calls', async () => {
  const run = agentRun(12);
  const opened = await openStore();
  // Newest steps first, a few spans per batch, half of them stored without the prepare step.
  const reversed = [...run.spans].reverse();
  for (let i = 0; i < reversed.length; i += 5) {
    const batch = reversed.slice(i, i + 5);
    if ((i / 5) % 2 === 0) opened.store.ingestSpans(batch);
    else opened.store.ingestPreparedSpans(prepareDecodedSpans(batch));
  }
  assertLinks(opened, run, (k) => run.calls[k + 1]);
  opened.store.close();
});

test('two calls starting in the same millisecond with the same result: the whole trace orders them, and a span read alone still agrees', async () => {
  const run = agentRun(4);
  const second = run.spans.find((s) => s.spanId === run.calls[2])!;
  // A retry of step 2's call, same start, other span id.
  const retry = { ...second, spanId: newSpanId(), attributes: { ...second.attributes, 'gen_ai.output.messages': '[]' } };
  const opened = await openStore();
  opened.store.ingestPreparedSpans(prepareDecodedSpans([...run.spans, retry]));
  const whole = new TraceQueries(opened.store).getTraceJson([run.traceId]).traces[0].spans!;
  const tool1 = run.tools[1];
  const alone = new TraceQueries(opened.store).getSpan(run.traceId, tool1)!;
  assert.equal(lookUpToolLink(alone, opened.store.spanLookups(run.traceId)), WHOLE_TRACE, 'tied first receivers: the whole trace decides');
  assert.equal(JSON.stringify(alone), JSON.stringify(whole.find((s) => s.spanId === tool1)));
  opened.store.close();
});

test('log records normalizing the first receiver again keep its row exact', async () => {
  const run = agentRun(5);
  const opened = await openStore();
  opened.store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  opened.store.ingestLogs(run.calls.map((spanId) => makeLog({ traceId: run.traceId, spanId, body: 'request sent' })));
  assertLinks(opened, run, (k) => run.calls[k + 1]);
  opened.store.close();
});

test('a snapshot written before (result ids in each call\'s tool_calls column, schema version 2) opens with the same links, the ids moved out of the rows', async () => {
  const run = agentRun(8);
  const source = await openStore();
  source.store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  const expected = JSON.stringify(source.queries.getTraceJson([run.traceId]));
  // The old layout, written out from the generator: step k's call carried call_0 .. call_{k-1}.
  const old = await snapshotDatabase(source);
  old.run('DROP TABLE tool_results');
  run.calls.forEach((spanId, k) => {
    const results = Array.from({ length: k }, (_, i) => `call_${i}`);
    const keys = { a: [[`call_${k}`, 'read_file']], ...(k > 0 ? { r: results, h: 1 } : {}) };
    old.run('UPDATE spans SET tool_calls = ? WHERE span_id = ?', [JSON.stringify(keys), spanId]);
  });
  old.run("UPDATE meta SET value = '2' WHERE key = 'schema'");
  const opened = await openStore({ snapshot: old.export() });
  old.close();
  assert.equal(JSON.stringify(opened.queries.getTraceJson([run.traceId])), expected);
  assertLinks(opened, run, (k) => run.calls[k + 1]);
  const db = await snapshotDatabase(opened);
  assert.equal(rowsOf(db, `SELECT count(*) FROM spans WHERE instr(tool_calls, '"r":') > 0`)[0][0], 0, 'no row keeps result ids');
  assert.equal(rowsOf(db, 'SELECT count(*) FROM tool_results')[0][0], 7);
  assert.equal(rowsOf(db, "SELECT value FROM meta WHERE key = 'schema'")[0][0], '3');
  db.close();
  opened.store.close();
  source.store.close();
});

test('deleting a trace removes its indexed results', async () => {
  const run = agentRun(3);
  const opened = await openStore();
  opened.store.ingestPreparedSpans(prepareDecodedSpans(run.spans));
  assert.equal(opened.store.deleteTrace(run.traceId), true);
  const db = await snapshotDatabase(opened);
  assert.equal(rowsOf(db, 'SELECT count(*) FROM tool_results')[0][0], 0);
  db.close();
  opened.store.close();
});
