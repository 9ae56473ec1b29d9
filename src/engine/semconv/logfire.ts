/**
 * Pydantic Logfire.
 * - Span names are message templates (`scenario:{name}`); the filled-in text (`logfire.msg`) is the
 *   name shown. Also when the message says more than the name and contains it (pydantic-ai's older
 *   format: `agent run` → `travel_agent run`, `running tool` → `running tool: weather`); a real
 *   span name beside a different message stays (`invoke_agent travel_agent`, not `travel_agent run`).
 * - Pending spans: when a span starts, Logfire exports an extra zero-duration span with
 *   `logfire.span_type = pending_span`, parented to the real span (`logfire.pending_parent_id`),
 *   named "<name> (pending)". It is marked `pending: true` so the store can show it as work in
 *   progress and hide it once the real span has arrived.
 * - Its OpenAI/Anthropic integrations put the raw request and response in `request_data` /
 *   `response_data` (JSON), with usage inside the response in the provider's own shape.
 * - Older pydantic-ai / Logfire versions put the conversation as a JSON list of GenAI events in
 *   `events` or `all_messages_events` (`{"event.name": "gen_ai.user.message", "content": ...}`).
 */
import type { Message } from '../../protocol/trace-json';
import { isRecord, toText } from './attributes';
import type { Family, FamilyFields, SpanContext } from './family';
import { toMessage, messagesFromValue } from './message-shapes';
import { findUsage } from './usage-shapes';

const ROLE_BY_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system', 'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant', 'gen_ai.tool.message': 'tool',
};

function eventMessages(list: unknown): { input: Message[]; output: Message[] } | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const input: Message[] = [];
  const output: Message[] = [];
  for (const e of list) {
    if (!isRecord(e)) continue;
    const name = toText(e['event.name']) ?? '';
    if (name === 'gen_ai.choice') {
      const m = toMessage(isRecord(e.message) ? e.message : { content: e.content }, 'assistant');
      if (m) output.push(m);
    } else if (ROLE_BY_EVENT[name]) {
      const m = toMessage({ ...e, role: e.role ?? ROLE_BY_EVENT[name] }, ROLE_BY_EVENT[name]);
      if (m) input.push(m);
    }
  }
  return input.length > 0 || output.length > 0 ? { input, output } : undefined;
}

function read({ span, attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  if (attrs.str('logfire.span_type') === 'pending_span') f.pending = true;
  const message = attrs.str('logfire.msg');
  if (message && message !== span.name && (span.name === attrs.str('logfire.msg_template') || message.includes(span.name))) f.name = message;
  const request = attrs.value('request_data');
  const response = attrs.value('response_data');
  if (isRecord(request)) {
    const messages = messagesFromValue(request, 'input');
    if (messages) f.input = { messages };
    if (typeof request.model === 'string') f.requestModel = request.model;
  }
  if (isRecord(response)) {
    const messages = messagesFromValue(response, 'output');
    if (messages) f.output = { messages };
    if (typeof response.model === 'string') f.model = response.model;
    f.usage = findUsage(response);
  }
  const events = eventMessages(attrs.value('events') ?? attrs.value('all_messages_events'));
  if (events) {
    if (!f.input && events.input.length > 0) f.input = { messages: events.input };
    if (!f.output && events.output.length > 0) f.output = { messages: events.output };
  }
  return f;
}

export const logfireFamily: Family = {
  name: 'logfire',
  applies: ({ attrs }) => attrs.hasNamespace('logfire') || attrs.has('request_data') || attrs.has('events') || attrs.has('all_messages_events'),
  read,
};
