/**
 * Many agent and RAG runs for the cost panel's tests, screenshots and benchmark: GenAI-convention
 * spans (the attributes instrumentations send) over several models, flows, prompts, sessions and
 * services, with wrapper spans that repeat their calls' usage, cache reads, an unpriced model and,
 * optionally, a cost spike. Times are spread over the `spreadMs` before `now`.
 */
import type { DecodedSpan } from '../../src/engine/model';
import { makeSpan, newTraceId } from '../factories/spans';

const MODELS: Array<{ provider: string; model: string }> = [
  { provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'openai', model: 'o4-mini' },
  { provider: 'anthropic', model: 'claude-3-5-haiku-20241022' }, { provider: 'gcp.gemini', model: 'gemini-2.5-flash' },
];
const FLOWS = ['support agent', 'rag answer', 'ticket triage', 'nightly summary'];
const SERVICES = ['shop-api', 'support-bot', 'batch-jobs'];

/** A small deterministic pseudo-random sequence. */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

export interface CostRunOptions {
  now: number;
  runs: number;
  spreadMs: number;
  /** Adds calls to "acme-llm-7b", which no price list knows. */
  unpriced?: boolean;
  /** The last run of "support agent" uses 40× the tokens. */
  spike?: boolean;
  seed?: number;
}

export function costRuns(o: CostRunOptions): DecodedSpan[][] {
  const rnd = random(o.seed ?? 7);
  const out: DecodedSpan[][] = [];
  for (let i = 0; i < o.runs; i++) {
    const flow = FLOWS[i % FLOWS.length];
    const start = o.now - o.spreadMs + Math.floor((o.spreadMs * (i + 0.5)) / o.runs);
    const traceId = newTraceId();
    const service = SERVICES[i % SERVICES.length];
    const spike = o.spike && flow === 'support agent' && i >= o.runs - FLOWS.length ? 40 : 1;
    const calls: DecodedSpan[] = [];
    let totalIn = 0;
    let totalOut = 0;
    const steps = 1 + Math.floor(rnd() * 3);
    for (let s = 0; s < steps; s++) {
      const m = o.unpriced && s === 2 && i % 5 === 0 ? { provider: 'openai', model: 'acme-llm-7b' } : MODELS[(i + s) % MODELS.length];
      const input = Math.floor((800 + rnd() * 4000) * spike);
      const output = Math.floor((60 + rnd() * 500) * spike);
      const cached = s > 0 ? Math.floor(input * 0.5) : 0;
      totalIn += input;
      totalOut += output;
      calls.push(makeSpan({
        traceId, name: `chat ${m.model}`, startTimeUnixMs: start + 50 + s * 400, durationMs: 350, service, spanKind: 'client',
        attributes: {
          'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': m.provider, 'gen_ai.request.model': m.model,
          'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output, 'gen_ai.usage.cache_read.input_tokens': cached,
          'gen_ai.conversation.id': `session-${i % 9}`, ...(s === 0 ? { 'gen_ai.prompt.name': `${flow.split(' ')[0]}-prompt` } : {}),
        },
      }));
    }
    const root = makeSpan({
      traceId, name: flow, startTimeUnixMs: start, durationMs: 50 + steps * 400, service,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': flow, 'gen_ai.usage.input_tokens': totalIn, 'gen_ai.usage.output_tokens': totalOut },
    });
    const tool = makeSpan({ traceId, parentSpanId: root.spanId, name: 'execute_tool lookup', startTimeUnixMs: start + 20, durationMs: 10, service, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup' } });
    out.push([root, tool, ...calls.map((c) => ({ ...c, parentSpanId: root.spanId }))]);
  }
  return out;
}
