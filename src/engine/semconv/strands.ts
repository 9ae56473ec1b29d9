/**
 * Strands Agents (its own OTel tracer, scope `strands.telemetry.tracer`):
 * - `gen_ai.system` / `gen_ai.provider.name` is `strands-agents`, the framework (genai.ts does not
 *   show it as the provider); `execute_event_loop_cycle` spans are one model turn (genai.ts: chain).
 * - A tool span's arguments and result are not in `gen_ai.tool.call.arguments` / `.result`:
 *   default conventions put the arguments in a `gen_ai.tool.message` span event (`content`, `id`)
 *   and the result in a `gen_ai.choice` event (`message`); the latest conventions put a
 *   `tool_call` part and a `tool_call_response` part (`response`) in the input and output messages
 *   of `gen_ai.client.inference.operation.details` events. Results are Strands content lists
 *   (`[{"text": ...}]`), shown as their text.
 * This module reads those into the tool, and shows the call and the result as such: read as plain
 * GenAI events they would look like a tool *result* going in and assistant text coming out.
 */
import type { Message } from '../../protocol/trace-json';
import { isRecord, structured, toText } from './attributes';
import type { Family, FamilyFields, SpanContext } from './family';

/** A Strands content list (`[{"text": "a"}, {"json": {...}}]`) as text; anything else as JSON. */
function contentText(value: unknown): string | undefined {
  const v = structured(value);
  if (Array.isArray(v) && v.length > 0 && v.every((c) => isRecord(c) && (typeof c.text === 'string' || c.json !== undefined))) {
    return v.map((c) => (typeof c.text === 'string' ? c.text : toText(c.json))).join('\n');
  }
  return toText(v);
}

function eventField(ctx: SpanContext, name: string, key: string): unknown {
  for (const e of ctx.span.events) if (e.name === name && e.attributes[key] !== undefined) return e.attributes[key];
  return undefined;
}

function partOf(messages: unknown, type: string): Record<string, unknown> | undefined {
  const list = structured(messages);
  if (!Array.isArray(list)) return undefined;
  for (const m of list) {
    const parts = isRecord(m) && Array.isArray(m.parts) ? m.parts : [];
    const part = parts.find((p) => isRecord(p) && p.type === type);
    if (isRecord(part)) return part;
  }
  return undefined;
}

function read(ctx: SpanContext): FamilyFields | undefined {
  const { attrs } = ctx;
  if (attrs.str('gen_ai.operation.name') !== 'execute_tool') return undefined;
  const details = 'gen_ai.client.inference.operation.details';
  const call = partOf(eventField(ctx, details, 'gen_ai.input.messages'), 'tool_call');
  const response = partOf(eventField(ctx, details, 'gen_ai.output.messages'), 'tool_call_response');
  const callId = attrs.str('gen_ai.tool.call.id');
  const args = call ? toText(structured(call.arguments)) : toText(eventField(ctx, 'gen_ai.tool.message', 'content'));
  const resultValue = response ? response.response ?? response.result : eventField(ctx, 'gen_ai.choice', 'message');
  const result = resultValue === undefined ? undefined : contentText(resultValue);
  const name = attrs.str('gen_ai.tool.name') ?? '';
  const f: FamilyFields = { tool: { name, callId, arguments: args, result } };
  const input: Message[] = args !== undefined ? [{ role: 'assistant', parts: [{ type: 'tool_call', id: callId, name, arguments: args }] }] : [];
  const output: Message[] = result !== undefined ? [{ role: 'tool', parts: [{ type: 'tool_result', id: callId, result }] }] : [];
  if (input.length > 0) f.input = { messages: input };
  if (output.length > 0) f.output = { messages: output };
  return f;
}

export const strandsFamily: Family = {
  name: 'strands',
  applies: ({ span, attrs }) => span.scope.name === 'strands.telemetry.tracer'
    || attrs.str('gen_ai.system') === 'strands-agents' || attrs.str('gen_ai.provider.name') === 'strands-agents',
  read,
};
