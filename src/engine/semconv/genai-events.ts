/**
 * OpenTelemetry GenAI content carried by events rather than span attributes:
 * - OTLP log records joined to the span (opentelemetry-python-contrib `openai-v2`, Azure SDKs):
 *   deprecated `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message` (with
 *   `tool_calls`), `gen_ai.tool.message` (`id`), `gen_ai.choice` (`index`, `finish_reason`,
 *   `message`), and the current `gen_ai.client.inference.operation.details`;
 * - the same names as span events (Strands and others), their fields as event attributes, often
 *   JSON strings;
 * - the older span events `gen_ai.content.prompt` / `gen_ai.content.completion` (attributes
 *   `gen_ai.prompt` / `gen_ai.completion`).
 * Log records may arrive before or after their span; the caller passes whatever is joined so far.
 */
import type { Message } from '../../protocol/trace-json';
import type { AttrMap, AttrValue } from '../model';
import { isRecord, structured } from './attributes';
import type { Family, FamilyFields, SpanContext } from './family';
import { messagesOrRaw, systemInstructions, withSystemInstructions } from './genai';
import { toMessage } from './message-shapes';

interface ContentEvent {
  name: string;
  time: number;
  /** The event's fields: a log record's body merged over its attributes, or a span event's attributes. */
  fields: Record<string, unknown>;
}

const ROLE_BY_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function isContentEvent(name: string): boolean {
  return name.startsWith('gen_ai.');
}

function fieldsOf(attributes: AttrMap, body?: AttrValue): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) fields[k] = structured(v);
  if (isRecord(body)) Object.assign(fields, body);
  else if (typeof body === 'string' && body) fields.content = structured(body);
  return fields;
}

function collectEvents({ span, logs }: SpanContext): ContentEvent[] {
  const events: ContentEvent[] = [];
  for (const e of span.events) {
    if (isContentEvent(e.name)) events.push({ name: e.name, time: e.timeUnixMs, fields: fieldsOf(e.attributes) });
  }
  for (const log of logs) {
    const name = log.eventName ?? (typeof log.attributes['event.name'] === 'string' ? log.attributes['event.name'] : '');
    if (isContentEvent(name)) events.push({ name, time: log.timeUnixMs, fields: fieldsOf(log.attributes, log.body) });
  }
  // Conversation order is emission order; a stable sort keeps same-timestamp events as sent.
  return events.sort((a, b) => a.time - b.time);
}

function roleMessage(e: ContentEvent, role: string): Message | undefined {
  const f = e.fields;
  // The event name fixes the role; `role` in the body (if present) names e.g. a developer role.
  const m = toMessage({ ...f, role: typeof f.role === 'string' ? f.role : role, content: f.content ?? f.parts }, role);
  if (m && role === 'tool' && f.id !== undefined) {
    for (const p of m.parts) if (p.type === 'tool_result' && p.id === undefined) p.id = String(f.id);
  }
  return m;
}

/**
 * An operation-details record describes one model call. OpenLIT emits a streamed call's record
 * with the context that is current when the stream ends, the application's span around the call,
 * so a record that names a model call is not read as the conversation of a span that is no GenAI
 * operation at all (it stays visible among that span's events).
 */
function describesThisSpan({ attrs }: SpanContext, e: ContentEvent): boolean {
  const namesCall = e.fields['gen_ai.operation.name'] !== undefined || e.fields['gen_ai.request.model'] !== undefined;
  return !namesCall || attrs.has('gen_ai.operation.name') || attrs.has('gen_ai.request.model');
}

function read(ctx: SpanContext): FamilyFields | undefined {
  const events = collectEvents(ctx);
  if (events.length === 0) return undefined;
  const input: Message[] = [];
  const output: Message[] = [];
  const finishReasons: string[] = [];
  for (const e of events) {
    const role = ROLE_BY_EVENT[e.name];
    if (role) {
      const m = roleMessage(e, role);
      if (m) input.push(m);
    } else if (e.name === 'gen_ai.choice') {
      const f = e.fields;
      const message = structured(f.message);
      const m = toMessage(isRecord(message) ? message : { content: message ?? f.content, tool_calls: f.tool_calls }, 'assistant');
      const finish = f.finish_reason;
      if (typeof finish === 'string' && finish) {
        finishReasons.push(finish);
        if (m && !m.finishReason) m.finishReason = finish;
      }
      if (m) output.push(m);
    } else if (e.name === 'gen_ai.client.inference.operation.details') {
      if (!describesThisSpan(ctx, e)) continue;
      const system = systemInstructions(e.fields['gen_ai.system_instructions']);
      input.push(...withSystemInstructions(system, messagesOrRaw(e.fields['gen_ai.input.messages'], 'user') ?? []));
      output.push(...(messagesOrRaw(e.fields['gen_ai.output.messages'], 'assistant') ?? []));
    } else if (e.name === 'gen_ai.content.prompt') {
      input.push(...(messagesOrRaw(e.fields['gen_ai.prompt'], 'user') ?? []));
    } else if (e.name === 'gen_ai.content.completion') {
      output.push(...(messagesOrRaw(e.fields['gen_ai.completion'], 'assistant') ?? []));
    }
  }
  const f: FamilyFields = {};
  if (input.length > 0) f.input = { messages: input };
  if (output.length > 0) f.output = { messages: output };
  if (finishReasons.length > 0) f.finishReasons = finishReasons;
  return f;
}

export const genAiEventsFamily: Family = {
  name: 'genai-events',
  applies: ({ span, logs }) => logs.length > 0 || span.events.some((e) => isContentEvent(e.name)),
  read,
};
