/**
 * The retrieval analysis of one trace with 50 retrievals of 100 documents each, every retrieval
 * followed by a model call whose prompt holds 10 of its documents (so finding the consuming call
 * must look past the first candidates) and whose answer quotes one and paraphrases another.
 * CPU time. Baseline: `JSON.parse` of the same trace as Trace JSON text, which every reader of
 * the trace pays anyway.
 */
import { analyzeRetrievals } from '../../src/analysis/retrieval';
import type { TraceJsonSpan } from '../../src/protocol/trace-json';
import { RetrievalAnalysisCache } from '../../src/engine/store/retrieval-analysis-cache';
import { cpuMs, median, result, type BenchResult } from './results';

const WORDS = 'tent stove lantern backpack zipper seam warranty refund shipping express canister valve trail member point reward store portland jacket detergent filter pole headlamp battery pump repair buckle strap season river summit'.split(' ');

function sentence(seed: number, length: number): string {
  const out: string[] = [];
  let x = seed * 2654435761 % 4294967296;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]);
  }
  return `${out.join(' ')}.`;
}

export function retrievalTrace(retrievals = 50, docsPer = 100): TraceJsonSpan[] {
  const spans: TraceJsonSpan[] = [];
  const base = { parentSpanId: 'f'.repeat(16), status: 'ok' as const, durationMs: 5 };
  for (let r = 0; r < retrievals; r++) {
    const documents = Array.from({ length: docsPer }, (_, d) => ({
      id: `doc-${r}-${d}`, content: `${sentence(r * 1000 + d, 24)} ${sentence(r * 1000 + d + 7, 20)}`, score: 1 - d / docsPer, rank: d + 1,
    }));
    spans.push({ ...base, spanId: `a${String(r).padStart(15, '0')}`, name: 'retrieve', kind: 'retrieval', startTimeUnixMs: r * 100, retrieval: { query: `question ${r}`, documents } });
    const context = documents.slice(0, 10).map((d) => `[${d.id}] ${d.content}`).join('\n');
    const answer = `${documents[0].content.split('.')[0]}. ${sentence(r * 1000 + 3, 12)} [${documents[2].id}]`;
    spans.push({
      ...base, spanId: `b${String(r).padStart(15, '0')}`, name: 'chat', kind: 'llm', startTimeUnixMs: r * 100 + 10,
      input: { messages: [{ role: 'system', parts: [{ type: 'text', text: `Answer from the context.\n${context}` }] }, { role: 'user', parts: [{ type: 'text', text: `question ${r}` }] }] },
      output: { messages: [{ role: 'assistant', parts: [{ type: 'text', text: answer }] }] },
    });
  }
  return spans;
}

export function runRetrievalBench(passes: number, log: (line: string) => void): BenchResult[] {
  const spans = retrievalTrace();
  const text = JSON.stringify({ version: 1, traces: [{ spans }] });
  const check = analyzeRetrievals(spans);
  const used = check.flatMap((s) => s.retrieval?.documents ?? []).filter((d) => d.used).length;
  // Each retrieval's answer quotes document 1 and cites document 3 (its filler sentence may paraphrase more).
  if (used < 100) throw new Error(`unexpected analysis: ${used} documents used`);
  log(`retrieval: 50 retrievals x 100 documents, ${(text.length / 1e6).toFixed(1)} MB of Trace JSON, ${passes} passes`);
  const values: number[] = [];
  const cached: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < passes; i++) {
    let started = cpuMs();
    analyzeRetrievals(spans);
    values.push(cpuMs() - started);
    // The engine's cache (retrieval-analysis-cache.ts): the first read analyzes, the next reuses.
    const cache = new RetrievalAnalysisCache();
    const read = () => cache.analyzed({ traceId: 'bench', spans, nearby: () => [], spansOf: () => [] });
    read();
    started = cpuMs();
    read();
    cached.push(cpuMs() - started);
    started = cpuMs();
    JSON.parse(text);
    baselines.push(cpuMs() - started);
  }
  const baseline = { name: 'JSON.parse of the trace as Trace JSON', value: median(baselines) };
  return [
    result('retrieval analysis: 50 retrievals x 100 documents', median(values), 'CPU-ms', baseline,
      `${used} documents used; ids, scores, duplicates, consuming call, evidence, injection rules on 5,000 documents`),
    result('retrieval analysis: the same trace read again (engine cache)', median(cached), 'CPU-ms', baseline),
  ];
}
