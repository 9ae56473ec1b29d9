/**
 * Hostile and oversized traces (test/factories/hostile-traces.ts) through the shipped engine
 * worker: what a user waits for when selecting a span of a 50,000-span agent trace (tool spans
 * included, whose links need the calls around them), reading it or a 10,000-deep chain through the
 * query API, and building the panel's tree of the chain. Baselines from the same run: the same
 * call on an ordinary span, and JSON.parse of the very answer (the floor any reader pays).
 */
import { buildSpanTree } from '../../src/analysis/span-tree';
import { deepChainTrace, wideAgentTrace } from '../../test/factories/hostile-traces';
import type { BenchEngineFactory } from './engine-under-test';
import { waitForSpans } from './engine-under-test';
import { median, medianMs, result, type BenchResult } from './results';

async function post(url: string, body: Uint8Array): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

/** Median wall time of `runs` fetches of `url` and of JSON.parse of its body. */
async function readTimes(url: string, runs: number): Promise<{ readMs: number; parseMs: number }> {
  const read: number[] = [];
  const parse: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const response = await fetch(url).catch((error: unknown) => { throw new Error(`GET ${url}: ${error instanceof Error && error.cause ? String(error.cause) : String(error)}`); });
    const text = await response.text();
    read.push(performance.now() - t0);
    const t1 = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - t1);
  }
  return { readMs: median(read), parseMs: median(parse) };
}

export async function runHostileBench(options: { runs: number; spans: number; depth: number }, startEngine: BenchEngineFactory, log: (line: string) => void): Promise<BenchResult[]> {
  const engine = await startEngine();
  try {
    const { client, tracesUrl } = engine;
    const base = tracesUrl.replace(/\/v1\/traces$/, '');
    await post(tracesUrl, wideAgentTrace(options.spans));
    await post(tracesUrl, deepChainTrace(options.depth));
    await waitForSpans(client, options.spans + options.depth);
    const { traces } = await client.call('listTraces', { limit: 10 });
    const wide = traces.find((t) => t.name === 'invoke_agent big-agent')!;
    const deep = traces.find((t) => t.name === 'step 0')!;
    const rows = await client.call('getSpanRows', { traceId: wide.traceId });
    const toolSpan = rows.find((r) => r.kind === 'tool' && r.name.startsWith('execute_tool'))!;
    const llmSpan = rows.find((r) => r.kind === 'llm')!;
    log(`hostile: ${rows.length} spans in the agent trace, ${options.depth} in the chain`);

    // The first selection of a tool span in a trace version builds the whole trace (its links need
    // the calls around it); later ones come from the per-version cache. Both are what users feel.
    const coldStart = performance.now();
    await client.call('getSpan', { traceId: wide.traceId, spanId: toolSpan.spanId });
    const selectToolCold = performance.now() - coldStart;
    const selectTool = await medianMs(options.runs, () => client.call('getSpan', { traceId: wide.traceId, spanId: toolSpan.spanId }));
    const selectLlm = await medianMs(options.runs, () => client.call('getSpan', { traceId: wide.traceId, spanId: llmSpan.spanId }));
    const chainRows = await medianMs(options.runs, () => client.call('getSpanRows', { traceId: deep.traceId }));
    const deepRows = await client.call('getSpanRows', { traceId: deep.traceId });
    const wideTree = await medianMs(options.runs, () => buildSpanTree(rows));
    const deepTree = await medianMs(options.runs, () => buildSpanTree(deepRows));
    // A failed read is a figure too (NaN with the reason), not the loss of the others.
    const failed: string[] = [];
    const read = (url: string) => readTimes(url, Math.max(3, options.runs >> 1)).catch((error: unknown) => {
      failed.push(error instanceof Error ? error.message : String(error));
      return { readMs: NaN, parseMs: NaN };
    });
    const readWide = await read(`${base}/api/traces/${wide.traceId}`);
    const readDeep = await read(`${base}/api/traces/${deep.traceId}`);
    for (const reason of failed) log(`hostile: query API read failed: ${reason}`);
    const n = (count: number) => count.toLocaleString('en-US');
    return [
      result(`select a tool span of a ${n(options.spans)}-span agent trace (getSpan, warm)`, selectTool, 'ms', { name: 'select an LLM span of the same trace', value: selectLlm }, 'target < 100 ms'),
      result(`first selection of a tool span of a ${n(options.spans)}-span agent trace (getSpan, cold)`, selectToolCold, 'ms', { name: 'select an LLM span of the same trace', value: selectLlm }, 'builds the whole trace once per trace version'),
      result(`span rows of a ${n(options.depth)}-deep chain (getSpanRows)`, chainRows, 'ms', { name: `span tree of the chain in the panel`, value: deepTree }, 'opening the chain: target < 500 ms in all'),
      result(`span tree of a ${n(options.depth)}-deep chain (buildSpanTree)`, deepTree, 'ms', { name: `span tree of the ${n(options.spans)}-span agent trace`, value: wideTree }),
      result(`query API: the ${n(options.spans)}-span agent trace`, readWide.readMs, 'ms', { name: 'JSON.parse of the same answer', value: readWide.parseMs }, Number.isNaN(readWide.readMs) ? `failed: ${failed[0]}` : 'target < 1 s'),
      result(`query API: the ${n(options.depth)}-deep chain`, readDeep.readMs, 'ms', { name: 'JSON.parse of the same answer', value: readDeep.parseMs }, 'target < 1 s'),
    ];
  } finally {
    await engine.dispose();
  }
}
