/**
 * A log record joined to a span, shown as one of the span's events (in Trace JSON) and exported as
 * one (in the OTLP/JSON re-export, which has no place for logs). The mapping matches how the
 * normalizer reads GenAI events either way (semconv/genai-events.ts): the body's fields merged over
 * the attributes, a string body as `content`; so a re-exported trace normalizes the same again.
 */
import type { AttrMap, DecodedEvent, DecodedLogRecord } from '../model';

function isRecord(value: unknown): value is AttrMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property assignment (an attribute named `__proto__` must stay a key). */
function put(target: AttrMap, key: string, value: AttrMap[string]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function logAsEvent(log: DecodedLogRecord): DecodedEvent {
  const eventName = log.attributes['event.name'];
  const name = log.eventName ?? (typeof eventName === 'string' && eventName !== '' ? eventName : 'log');
  const attributes: AttrMap = {};
  for (const key of Object.keys(log.attributes)) put(attributes, key, log.attributes[key]);
  const body = log.body;
  if (isRecord(body)) {
    for (const key of Object.keys(body)) put(attributes, key, body[key]);
  } else if (body !== null && body !== '') {
    put(attributes, typeof body === 'string' && name.startsWith('gen_ai.') ? 'content' : 'body', body);
  }
  if (log.severityText !== undefined && !('log.severity' in attributes)) put(attributes, 'log.severity', log.severityText);
  return { name, timeUnixMs: log.timeUnixMs, attributes };
}

/** A span's own events, then its log records (in time order) as events. */
export function eventsWithLogs(events: readonly DecodedEvent[], logs: readonly DecodedLogRecord[]): DecodedEvent[] {
  return logs.length === 0 ? [...events] : [...events, ...logs.map(logAsEvent)];
}
