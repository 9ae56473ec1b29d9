/**
 * Hostile and oversized traces (test/factories/hostile-traces.ts) through the shipped engine
 * worker: what a user waits for when selecting a span of a 50,000-span agent trace (tool spans
 * included, whose links need the calls around them; retrieval and rerank steps of a RAG variant,
 * whose analysis needs the model calls after them), reading it or a 10,000-deep chain through the
 * query API, and building the panel's tree of the chain. Baselines from the same run: the same
 * call on an ordinary span, and JSON.parse of the very answer (the floor any reader pays).
 */
import { buildSpanTree } from '../../src/analysis/span-tree';
import type { SpanRow } from '../../src/protocol/engine-api';
import { deepChainTrace, ragAgentTrace, wideAgentTrace } from '../../test/factories/hostile-traces';
import { recordSpans, tracesProtobuf, withIds } from '../../test/factories/otlp-payloads';
import type { BenchEngine, BenchEngineFactory } from './engine-under-test';

type BenchEngineClient = BenchEngine['client'];
import { waitForSpans } from './engine-under-test';
import { cpuMs, median, medianMs, result, type BenchResult } from './results';

const UNKNOWN_TRACE = 'f'.repeat(32);

/** The longest a trivial query waited while `busy` ran (the engine thread stalled that long at least). */
async function longestWaitDuring(client: BenchEngineClient, busy: Promise<unknown>): Promise<number> {
  let done = false;
  void busy.finally(() => { done = true; }).catch(() => undefined);
  let longest = 0;
  while (!done) {
    const t = performance.now();
    await client.call('getTraceSummary', { traceId: UNKNOWN_TRACE });
    longest = Math.max(longest, performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await busy;
  return longest;
}

/** Wall time of one call. */
async function once(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function post(url: string, body: Uint8Array): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

/**
 * Wall time of one fetch of `url` until its last byte arrived, the body read as a stream of bytes:
 * nothing is decoded or parsed on this thread meanwhile, so the queries timed alongside wait for
 * the engine alone (decoding and parsing a 50 MB answer here stalled them 300-500 ms).
 */
async function drainMs(url: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url).catch((error: unknown) => { throw new Error(`GET ${url}: ${error instanceof Error && error.cause ? String(error.cause) : String(error)}`); });
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.byteLength;
  if (bytes === 0) throw new Error(`GET ${url}: empty answer`);
  return performance.now() - t0;
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
    // Storing each trace (one request, stored in slices): CPU of this process (engine worker + caller) per 1,000 spans.
    // A big trace's summary is refreshed after every slice, so this shows whether that refresh grows with the trace.
    const storeCpu = async (body: Uint8Array, spans: number, before: number): Promise<number> => {
      const started = cpuMs();
      await post(tracesUrl, body);
      await waitForSpans(client, before + spans);
      return (cpuMs() - started) / (spans / 1000);
    };
    const chainBody = deepChainTrace(options.depth);
    const wideBody = wideAgentTrace(options.spans);
    const chainCpuPer1k = await storeCpu(chainBody, options.depth, 0);
    const wideCpuPer1k = await storeCpu(wideBody, options.spans, options.depth);
    await storeCpu(ragAgentTrace(options.spans), options.spans, options.depth + options.spans);
    const { traces } = await client.call('listTraces', { limit: 10 });
    const wide = traces.find((t) => t.name === 'invoke_agent big-agent')!;
    const deep = traces.find((t) => t.name === 'step 0')!;
    const rag = traces.find((t) => t.name === 'invoke_agent rag-agent')!;
    const rows = await client.call('getSpanRows', { traceId: wide.traceId });
    const tools = rows.filter((r) => r.kind === 'tool' && r.name.startsWith('execute_tool'));
    const toolSpan = tools[Math.floor(tools.length / 2)]!;
    const llmSpan = rows.find((r) => r.kind === 'llm')!;
    log(`hostile: ${rows.length} spans in the agent trace, ${options.depth} in the chain`);

    // Each first selection is the first read of that span in this trace version (nothing cached);
    // then the same selection again. Selecting is what a user does in the panel.
    const select = (spanId: string) => () => client.call('getSpan', { traceId: wide.traceId, spanId });
    const selectToolCold = await once(select(toolSpan.spanId));
    const selectTool = await medianMs(options.runs, select(toolSpan.spanId));
    const llmAfter = rows.filter((r) => r.kind === 'llm')[Math.floor(rows.length / 4)] ?? llmSpan;
    const selectLlmCold = await once(select(llmAfter.spanId));
    const selectLlm = await medianMs(options.runs, select(llmAfter.spanId));
    const rootSpan = rows.find((r) => r.parentSpanId === null)!;
    const selectPlainCold = await once(select(rootSpan.spanId));
    const selectPlain = await medianMs(options.runs, select(rootSpan.spanId));
    // Retrieval steps of the RAG variant: the analysis reads the trace's steps and the model calls
    // after one, in the order of the span rows, which the panel reads when it opens (kept for the
    // last few traces; a reader without them reads them once more, the span-rows figure).
    let ragRows: SpanRow[] = [];
    const ragRowsMs = await once(async () => { ragRows = await client.call('getSpanRows', { traceId: rag.traceId }); });
    const retrievals = ragRows.filter((r) => r.kind === 'retrieval');
    const reranks = ragRows.filter((r) => r.kind === 'rerank');
    const selectRag = (spanId: string) => () => client.call('getSpan', { traceId: rag.traceId, spanId });
    const ragRootCold = await once(selectRag(ragRows[0]!.spanId));
    const retrieval = retrievals[Math.floor(retrievals.length / 2)]!.spanId;
    const retrievalCold = await once(selectRag(retrieval));
    const rerankCold = await once(selectRag(reranks[Math.floor(reranks.length / 2)]!.spanId));
    const retrievalAgain = await medianMs(options.runs, selectRag(retrieval));
    // One more span arrives in the trace: nothing read for its old version applies, and a step
    // selected before the panel reads the span rows again reads only their order.
    const late = recordSpans((tracer) => tracer.startSpan('late note').end()).map((s) => withIds(s, { traceId: rag.traceId }));
    await post(tracesUrl, tracesProtobuf(late));
    await waitForSpans(client, options.depth + 2 * options.spans + late.length);
    const retrievalChanged = await once(selectRag(retrievals[Math.floor(retrievals.length / 3)]!.spanId));
    // A retrieval step early in the trace whose documents no model call was given: its search for
    // the consuming call is bounded (retrieval-step-read.ts), not every later call of the trace.
    const unread = recordSpans((tracer) => tracer.startSpan('retrieval archive', { startTime: ragRows[0]!.startTimeUnixMs + 5, attributes: {
      'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.query.text': 'archived memo',
      'gen_ai.retrieval.documents': JSON.stringify([{ id: 'arch-1', content: 'Archive memo: the warehouse ledger of 1999 moved to cold storage in March.' }]),
    } }).end(ragRows[0]!.startTimeUnixMs + 6)).map((s) => withIds(s, { traceId: rag.traceId }));
    await post(tracesUrl, tracesProtobuf(unread));
    await waitForSpans(client, options.depth + 2 * options.spans + late.length + unread.length);
    // The order of the new version is read by selecting another step first, so the figure is the search alone.
    await once(selectRag(retrievals[Math.floor(retrievals.length / 4)]!.spanId));
    const unreadId = unread[0]!.spanContext().spanId;
    const unreadCpu = cpuMs();
    const unreadCold = await once(selectRag(unreadId));
    const unreadCpuMs = cpuMs() - unreadCpu;
    log(`hostile: ${ragRows.length} spans in the RAG agent trace, ${retrievals.length} retrievals, ${reranks.length} reranks`);
    const roundTrip = await medianMs(options.runs, () => client.call('getTraceSummary', { traceId: UNKNOWN_TRACE }));
    const chainRows = await medianMs(options.runs, () => client.call('getSpanRows', { traceId: deep.traceId }));
    const deepRows = await client.call('getSpanRows', { traceId: deep.traceId });
    const wideTree = await medianMs(options.runs, () => buildSpanTree(rows));
    const deepTree = await medianMs(options.runs, () => buildSpanTree(deepRows));
    // A failed read is a figure too (NaN with the reason), not the loss of the others.
    const failed: string[] = [];
    const failedAs = <T>(value: T) => (error: unknown): T => {
      failed.push(error instanceof Error ? error.message : String(error));
      return value;
    };
    const read = (url: string, runs = Math.max(3, options.runs >> 1)) => readTimes(url, runs).catch(failedAs({ readMs: NaN, parseMs: NaN }));
    // A first read while queries are timed: until its last byte, nothing decoded here (see drainMs).
    const firstRead = (url: string) => drainMs(url).catch(failedAs(NaN));
    // The first read through the query API builds the whole trace; the engine must keep answering meanwhile.
    const idleWait = await longestWaitDuring(client, new Promise((resolve) => setTimeout(resolve, 500)));
    let readWideFirstMs = NaN;
    const firstWideWait = await longestWaitDuring(client, (async () => {
      readWideFirstMs = await firstRead(`${base}/api/traces/${wide.traceId}`);
    })());
    const readWide = await read(`${base}/api/traces/${wide.traceId}`);
    let readDeepFirstMs = NaN;
    const firstDeepWait = await longestWaitDuring(client, (async () => {
      readDeepFirstMs = await firstRead(`${base}/api/traces/${deep.traceId}`);
    })());
    const readDeep = await read(`${base}/api/traces/${deep.traceId}`);
    // The RAG trace's first read also runs its retrieval analysis (every step's consumer search), in slices.
    let readRagFirstMs = NaN;
    const firstRagWait = await longestWaitDuring(client, (async () => {
      readRagFirstMs = await firstRead(`${base}/api/traces/${rag.traceId}`);
    })());
    for (const reason of failed) log(`hostile: query API read failed: ${reason}`);
    const n = (count: number) => count.toLocaleString('en-US');
    const spanCount = n(options.spans);
    const trip = { name: 'trivial round trip (summary of an unknown trace)', value: roundTrip };
    return [
      result(`first selection of a tool span of a ${spanCount}-span agent trace (getSpan, cold)`, selectToolCold, 'ms', trip, 'target < 100 ms; its links come from the tool-call keys, not the whole trace'),
      result(`select a tool span of a ${spanCount}-span agent trace again (getSpan)`, selectTool, 'ms', trip, 'target < 100 ms'),
      result(`first selection of an LLM span of a ${spanCount}-span agent trace (getSpan, cold)`, selectLlmCold, 'ms', trip, 'target < 100 ms; duplicate calls come from the summary'),
      result(`select an LLM span of a ${spanCount}-span agent trace again (getSpan)`, selectLlm, 'ms', trip),
      result(`first selection of the root span of a ${spanCount}-span agent trace (getSpan, cold)`, selectPlainCold, 'ms', trip),
      result(`first selection of a retrieval step of a ${spanCount}-span RAG agent trace (getSpan, cold, span rows read)`, retrievalCold, 'ms',
        { name: 'first selection of its root span', value: ragRootCold }, 'target < 100 ms; reads the steps and the model calls after it, not the trace'),
      result(`first selection of a rerank step of the same trace (getSpan, cold)`, rerankCold, 'ms', { name: 'first selection of its root span', value: ragRootCold }, 'target < 100 ms'),
      result(`select the retrieval step again (getSpan)`, retrievalAgain, 'ms', trip, 'target < 100 ms'),
      result(`first selection of a retrieval step once one more span arrived (getSpan, span rows not read again)`, retrievalChanged, 'ms',
        { name: 'reading the span rows', value: ragRowsMs }, 'reads the spans\' order alone (ids, parents, kinds, times), then the steps and calls'),
      result(`first selection of a retrieval step no model call consumed, early in the same trace (getSpan, cold)`, unreadCold, 'ms',
        { name: 'first selection of its root span', value: ragRootCold }, `target < 100 ms; ${unreadCpuMs.toFixed(0)} CPU-ms; searches a bounded number of later calls and says so`),
      result(`span rows of the ${spanCount}-span RAG agent trace (getSpanRows)`, ragRowsMs, 'ms', trip, 'read when the panel opens; a step selected without them reads them first'),
      result(`select the root span of a ${spanCount}-span agent trace again (getSpan)`, selectPlain, 'ms', trip),
      result(`storing the ${spanCount}-span agent trace (one request), CPU per 1,000 spans`, wideCpuPer1k, 'CPU-ms', { name: `same for the ${n(options.depth)}-deep chain`, value: chainCpuPer1k },
        'the trace summary is refreshed after every slice; a ratio near 1 means that refresh does not grow with the trace'),
      result(`span rows of a ${n(options.depth)}-deep chain (getSpanRows)`, chainRows, 'ms', { name: `span tree of the chain in the panel`, value: deepTree }, 'opening the chain: target < 500 ms in all'),
      result(`span tree of a ${n(options.depth)}-deep chain (buildSpanTree)`, deepTree, 'ms', { name: `span tree of the ${spanCount}-span agent trace`, value: wideTree }),
      result(`query API: the ${spanCount}-span agent trace, first read (cold build, in slices)`, readWideFirstMs, 'ms', { name: 'JSON.parse of the same answer', value: readWide.parseMs }, 'target < 1 s; builds the whole trace'),
      result(`longest query wait during that first read`, firstWideWait, 'ms', { name: 'same queries, engine idle', value: idleWait }, 'how long the engine thread stopped answering other queries'),
      result(`query API: the ${spanCount}-span agent trace, read again (kept text)`, readWide.readMs, 'ms', { name: 'JSON.parse of the same answer', value: readWide.parseMs }, Number.isNaN(readWide.readMs) ? `failed: ${failed[0]}` : 'target < 1 s'),
      result(`query API: the ${n(options.depth)}-deep chain, first read (cold build, in slices)`, readDeepFirstMs, 'ms', { name: 'JSON.parse of the same answer', value: readDeep.parseMs }, 'target < 1 s'),
      result(`longest query wait during that first read`, firstDeepWait, 'ms', { name: 'same queries, engine idle', value: idleWait }, 'how long the engine thread stopped answering other queries'),
      result(`query API: the ${spanCount}-span RAG agent trace, first read (cold build and retrieval analysis, in slices)`, readRagFirstMs, 'ms',
        { name: 'the same for the agent trace without retrieval', value: readWideFirstMs }),
      result(`longest query wait during that first read`, firstRagWait, 'ms', { name: 'same queries, engine idle', value: idleWait }, 'the retrieval analysis pauses between steps too'),
      result(`query API: the ${n(options.depth)}-deep chain, read again (kept text)`, readDeep.readMs, 'ms', { name: 'JSON.parse of the same answer', value: readDeep.parseMs }, 'target < 1 s'),
    ];
  } finally {
    await engine.dispose();
  }
}
