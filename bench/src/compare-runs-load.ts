/**
 * Two 10,000-span runs of an agent for the comparison benchmark, in Trace JSON: 1,000 turns, each
 * a chain of embedding → retrieval (5 documents) → chat (tool call) → 2 tools → chat (answer) →
 * guardrail → 3 more steps (10,001 spans); chats carry a 1 kB system prompt and the growing turn conversation.
 * Run B differs the way a change does: the system prompt in every chat, an extra tool in every
 * tenth turn, one chat fewer in every twentieth, documents replaced in every fifth retrieval.
 */
import type { Message, TraceJsonSpan, TraceJsonTrace } from '../../src/protocol/trace-json';

const TURNS = 1_000;
const SYSTEM = 'You are the support assistant of a lamp shop. '.repeat(22);

export function compareRunsLoad(): { a: TraceJsonTrace; b: TraceJsonTrace } {
  return { a: run('a', false), b: run('b', true) };
}

function run(side: string, changed: boolean): TraceJsonTrace {
  let next = 0;
  let clock = 1_764_190_000_000;
  const spans: TraceJsonSpan[] = [];
  const add = (fields: Partial<TraceJsonSpan> & { name: string; kind: TraceJsonSpan['kind'] }, parent: TraceJsonSpan | null): TraceJsonSpan => {
    clock += 1;
    const span: TraceJsonSpan = {
      spanId: `${side}${(next++).toString(16).padStart(15, '0')}`, parentSpanId: parent?.spanId ?? null, status: 'unset',
      startTimeUnixMs: clock, durationMs: 5 + (next % 7), ...fields,
    };
    spans.push(span);
    return span;
  };
  const text = (role: string, content: string): Message => ({ role, parts: [{ type: 'text', text: content }] });
  const root = add({ name: 'invoke_agent support', kind: 'agent' }, null);
  for (let turn = 0; turn < TURNS; turn++) {
    const chain = add({ name: 'turn', kind: 'chain' }, root);
    const question = `Where is order #${1000 + turn}?`;
    add({ name: 'embeddings text-embedding-3-small', kind: 'embedding', model: 'text-embedding-3-small', usage: { inputTokens: 8 } }, chain);
    const docs = Array.from({ length: 5 }, (_, d) => ({
      id: changed && turn % 5 === 0 && d === 4 ? `doc-new-${turn}` : `doc-${(turn + d) % 50}`, rank: d + 1, score: 0.9 - d * 0.1,
      content: `Document ${(turn + d) % 50}: shipping, refunds and warranty notes. `.repeat(4),
    }));
    add({ name: 'retrieval kb', kind: 'retrieval', retrieval: { query: question, documents: docs } }, chain);
    const system = text('system', changed ? `${SYSTEM} Be brief.` : SYSTEM);
    const call = { role: 'assistant', parts: [{ type: 'tool_call' as const, id: `call_${side}${turn}`, name: 'lookup_order', arguments: `{"order_id":"${1000 + turn}"}` }] };
    const chat = (input: Message[], answer: Message) => add({
      name: 'chat gpt-4o-mini', kind: 'llm', model: 'gpt-4o-mini', requestModel: 'gpt-4o-mini',
      input: { messages: input }, output: { messages: [answer] }, usage: { inputTokens: 400, outputTokens: 30, totalTokens: 430 },
    }, chain);
    chat([system, text('user', question)], call);
    add({ name: 'execute_tool lookup_order', kind: 'tool', tool: { name: 'lookup_order', arguments: `{"order_id":"${1000 + turn}"}`, result: '{"status":"shipped"}' } }, chain);
    add({ name: 'execute_tool track', kind: 'tool', tool: { name: 'track', arguments: `{"order_id":"${1000 + turn}"}`, result: '{"eta":"tomorrow"}' } }, chain);
    if (changed && turn % 10 === 0) add({ name: 'execute_tool warranty', kind: 'tool', tool: { name: 'warranty', arguments: '{}', result: '{}' } }, chain);
    if (!(changed && turn % 20 === 0)) chat([system, text('user', question), call, text('tool', '{"status":"shipped"}')], text('assistant', `Order #${1000 + turn} ships tomorrow.`));
    add({ name: 'guardrail pii', kind: 'guardrail' }, chain);
    add({ name: 'format answer', kind: 'chain' }, chain);
    add({ name: 'store answer', kind: 'other' }, chain);
  }
  return {
    traceId: side.repeat(32), name: root.name, service: 'bench', startTimeUnixMs: root.startTimeUnixMs, durationMs: clock - root.startTimeUnixMs,
    status: 'ok', spanCount: spans.length, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, costUsd: null, spans,
  };
}
