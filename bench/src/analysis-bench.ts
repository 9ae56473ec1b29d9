/**
 * The shared analyses (src/analysis) on large traces, in this process: the span tree and the start
 * order on a wide trace and on a 10,000-deep chain, and the tool links of a long agent loop.
 * Spans per CPU-second, each with a baseline from the same run and the same spans:
 *  - tree and order: indexing the spans by id in a Map, the least any tree builder does (it must
 *    find each span's parent); a linear tree stays within a small factor of it on any shape, a
 *    per-span walk to the root (quadratic on a deep chain) does not;
 *  - tool links: one pass reading every tool call id in every message, the least any linking reads.
 */
import { buildSpanTree, spansInStartOrder, type TreeSpan } from '../../src/analysis/span-tree';
import { linkToolCalls, type ToolLinkSpan } from '../../src/analysis/tool-links';
import { alternateRates, result, type BenchResult } from './results';

const id = (n: number) => (n + 1).toString(16).padStart(16, '0');

/** A tree of fan-out 10 (depth grows with n), arriving in reverse: children before parents. */
function wideTrace(n: number): TreeSpan[] {
  const spans: TreeSpan[] = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? -1 : Math.floor((i - 1) / 10);
    spans.push({ spanId: id(i), parentSpanId: parent < 0 ? null : id(parent), startTimeUnixMs: 1_000 + (i % 977), durationMs: 5 });
  }
  return spans.reverse();
}

function chain(n: number): TreeSpan[] {
  return Array.from({ length: n }, (_, i) => ({ spanId: id(i), parentSpanId: i === 0 ? null : id(i - 1), startTimeUnixMs: 1_000 + i, durationMs: n - i }));
}

/** An agent loop: each model call asks for one tool and reads the previous tool's result. */
function agentLoop(steps: number): ToolLinkSpan[] {
  const spans: ToolLinkSpan[] = [];
  for (let i = 0; i < steps; i++) {
    const callId = `call_${i}`;
    spans.push({
      spanId: `llm${i}`, parentSpanId: 'agent', kind: 'llm', startTimeUnixMs: 2 * i,
      input: { messages: i === 0 ? [] : [{ role: 'tool', parts: [{ type: 'tool_result', id: `call_${i - 1}`, result: 'ok' }] }] },
      output: { messages: [{ role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'lookup', arguments: '{}' }] }] },
    });
    spans.push({ spanId: `tool${i}`, parentSpanId: 'agent', kind: 'tool', startTimeUnixMs: 2 * i + 1, tool: { name: 'lookup', callId } });
  }
  return spans;
}

export function runAnalysisBench(options: { passes: number }, log: (line: string) => void): BenchResult[] {
  const results: BenchResult[] = [];
  const measure = (name: string, spans: readonly TreeSpan[], run: () => unknown) => {
    log(`analysis: ${name}`);
    const indexById = () => new Map(spans.map((s) => [s.spanId, s]));
    const measured = alternateRates(options.passes, spans.length, run, indexById);
    results.push(result(name, measured.value, 'spans/CPU-s', { name: 'indexing the same spans by id in a Map', value: measured.baseline }));
  };
  const wide = wideTrace(50_000);
  measure('span tree, 50,000 spans (fan-out 10)', wide, () => buildSpanTree(wide));
  const deep = chain(10_000);
  measure('span tree, 10,000-deep chain', deep, () => buildSpanTree(deep));
  measure('start order, 10,000-deep chain', deep, () => spansInStartOrder(deep));

  const loop = agentLoop(25_000);
  log('analysis: tool links, 25,000 tool calls');
  if (linkToolCalls(loop).get('tool7')?.consumedBySpanId !== 'llm8') throw new Error('tool links: tool7 should be read by llm8');
  const readIds = () => {
    const ids = new Set<string>();
    for (const s of loop) for (const m of [...(s.input?.messages ?? []), ...(s.output?.messages ?? [])]) for (const p of m.parts) if (p.type === 'tool_call' || p.type === 'tool_result') ids.add(p.id ?? '');
  };
  const measured = alternateRates(options.passes, loop.length, () => linkToolCalls(loop), readIds);
  results.push(result('tool links, 25,000 tool calls', measured.value, 'spans/CPU-s', { name: 'reading every tool call id once', value: measured.baseline }));
  return results;
}
