/**
 * Agent-shaped telemetry for the memory workload: what real agents send, where every model call
 * re-sends the whole conversation so far. An agent run is one trace: an `invoke_agent` root, then
 * 20-50 steps, each a `chat` span whose `gen_ai.input.messages` carries the full history (a system
 * prompt shared by every agent of its kind, the user's task, then every earlier tool call and tool
 * result) and an `execute_tool` span whose result is a few KB (a third drawn from a shared corpus,
 * as agents re-read the same files, the rest unique). Built as decoded spans (OTel GenAI
 * conventions, JSON message attributes as the Python and JS instrumentations send them), in order.
 */
import type { DecodedSpan } from '../../src/engine/model';
import { TextMaker } from './text-maker';

const SYSTEM_PROMPTS = 5;
const SYSTEM_CHARS = 2000;
const TASK_CHARS = 300;
const CORPUS = 2000;

interface Message { role: string; parts: Array<Record<string, unknown>> }

export interface AgentSpanSource {
  /** The next agent run's spans; `rawBytes` grows by the length of every attribute value sent. */
  nextAgent(): DecodedSpan[];
  rawBytes: number;
}

export function agentSpans(seed: number, startTimeMs: number): AgentSpanSource {
  const text = new TextMaker(seed);
  const prompts = Array.from({ length: SYSTEM_PROMPTS }, (_, i) => new TextMaker(100 + i).text(SYSTEM_CHARS));
  const corpusMaker = new TextMaker(200);
  const corpus = Array.from({ length: CORPUS }, () => corpusMaker.text(1500 + corpusMaker.int(2500)));
  const resource = { 'service.name': 'coding-agent', 'service.version': '2.0.1', 'telemetry.sdk.language': 'python', 'telemetry.sdk.name': 'opentelemetry' };
  const scope = { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' };
  let ids = 0;
  let agentIndex = 0;
  const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
  const source: AgentSpanSource = {
    rawBytes: 0,
    nextAgent(): DecodedSpan[] {
      agentIndex++;
      const traceId = hex(seed, 8) + 'c' + hex(agentIndex, 23);
      const newSpanId = (): string => 'd' + hex(++ids, 15);
      const steps = 20 + text.int(31);
      const start = startTimeMs + agentIndex * 10;
      const rootId = newSpanId();
      const spans: DecodedSpan[] = [];
      const span = (spanId: string, parent: string | null, name: string, t: number, attributes: Record<string, string | number>): DecodedSpan => {
        for (const v of Object.values(attributes)) source.rawBytes += String(v).length;
        return {
          traceId, spanId, parentSpanId: parent, name, spanKind: parent ? 'client' : 'internal', startTimeUnixMs: t,
          endTimeUnixMs: t + 5, status: { code: 'unset' }, attributes, events: [], links: [], resource, scope,
        };
      };
      const history: Message[] = [
        { role: 'system', parts: [{ type: 'text', content: prompts[agentIndex % SYSTEM_PROMPTS] }] },
        { role: 'user', parts: [{ type: 'text', content: text.text(TASK_CHARS) }] },
      ];
      for (let step = 0; step < steps; step++) {
        const t = start + step * 4;
        const callId = `call_${agentIndex}_${step}`;
        const final = step === steps - 1;
        const reply: Message = final
          ? { role: 'assistant', parts: [{ type: 'text', content: text.text(600) }] }
          : { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'read_file', arguments: { path: `src/module_${text.int(500)}.py` } }] };
        spans.push(span(newSpanId(), rootId, 'chat gpt-4.1', t, {
          'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1',
          'gen_ai.response.model': 'gpt-4.1-2025-04-14', 'gen_ai.usage.input_tokens': 800 * (step + 1), 'gen_ai.usage.output_tokens': 60,
          'gen_ai.conversation.id': `session-${agentIndex}`,
          'gen_ai.input.messages': JSON.stringify(history),
          'gen_ai.output.messages': JSON.stringify([{ ...reply, finish_reason: final ? 'stop' : 'tool_calls' }]),
        }));
        if (final) break;
        const result = text.int(3) === 0 ? corpus[text.int(CORPUS)] : text.text(1500 + text.int(2500));
        spans.push(span(newSpanId(), rootId, 'execute_tool read_file', t + 2, {
          'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'read_file', 'gen_ai.tool.call.id': callId, 'gen_ai.tool.call.result': result,
        }));
        history.push(reply, { role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: result }] });
      }
      spans.push(span(rootId, null, 'invoke_agent coder', start, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'coder' }));
      return spans;
    },
  };
  return source;
}
