/**
 * Runtime validation of what the trace panel's webview sends. The webview shows telemetry from
 * arbitrary applications, so a message from it is treated like input from the network: exact
 * shapes only, bounded sizes, unknown types rejected. The result is a fresh object holding only the
 * known fields, so nothing extra (prototype tricks, huge side payloads) reaches the host's handlers.
 */
import type { FromTracePanel, TracePanelPersistedState } from './trace-panel';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const MAX_QUERY = 1_000;
const MAX_PATH = 4_096;
const MAX_COPY = 10 * 1024 * 1024;
const MAX_ERROR = 10_000;
const MAX_PERSISTED_COLLAPSED = 20_000;

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isBoundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** Only these keys may appear besides `type`; anything else means a sender we do not know. */
function onlyKeys(msg: Fields, allowed: readonly string[]): boolean {
  return Object.keys(msg).every((k) => k === 'type' || allowed.includes(k));
}

export function parseFromTracePanel(value: unknown): ParseResult<FromTracePanel> {
  const fail = (reason: string): ParseResult<FromTracePanel> => ({ ok: false, reason });
  if (!isPlainObject(value)) return fail('message is not an object');
  const msg = value;
  if (typeof msg.type !== 'string') return fail('message has no type');
  const type = msg.type;
  switch (type) {
    case 'ready':
      if (!onlyKeys(msg, [])) return fail('ready: unexpected fields');
      return { ok: true, value: { type } };
    case 'requestSpan':
      if (!onlyKeys(msg, ['requestId', 'spanId'])) return fail('requestSpan: unexpected fields');
      if (!isRequestId(msg.requestId)) return fail('requestSpan: bad requestId');
      if (typeof msg.spanId !== 'string' || !SPAN_ID.test(msg.spanId)) return fail('requestSpan: bad spanId');
      return { ok: true, value: { type, requestId: msg.requestId, spanId: msg.spanId } };
    case 'search':
      if (!onlyKeys(msg, ['requestId', 'query'])) return fail('search: unexpected fields');
      if (!isRequestId(msg.requestId)) return fail('search: bad requestId');
      if (!isBoundedString(msg.query, MAX_QUERY)) return fail('search: bad query');
      return { ok: true, value: { type, requestId: msg.requestId, query: msg.query } };
    case 'openLocation': {
      if (!onlyKeys(msg, ['file', 'line', 'column'])) return fail('openLocation: unexpected fields');
      if (!isBoundedString(msg.file, MAX_PATH) || msg.file.length === 0) return fail('openLocation: bad file');
      if (msg.file.includes('\0')) return fail('openLocation: NUL in file');
      if (msg.line !== undefined && !isPositiveInt(msg.line)) return fail('openLocation: bad line');
      if (msg.column !== undefined && !isPositiveInt(msg.column)) return fail('openLocation: bad column');
      const out: FromTracePanel = { type, file: msg.file };
      if (msg.line !== undefined) out.line = msg.line as number;
      if (msg.column !== undefined) out.column = msg.column as number;
      return { ok: true, value: out };
    }
    case 'copy':
      if (!onlyKeys(msg, ['text'])) return fail('copy: unexpected fields');
      if (!isBoundedString(msg.text, MAX_COPY)) return fail('copy: bad text');
      return { ok: true, value: { type, text: msg.text } };
    case 'openPrompt':
      if (!onlyKeys(msg, ['spanId'])) return fail('openPrompt: unexpected fields');
      if (typeof msg.spanId !== 'string' || !SPAN_ID.test(msg.spanId)) return fail('openPrompt: bad spanId');
      return { ok: true, value: { type, spanId: msg.spanId } };
    case 'compareWith':
      if (!onlyKeys(msg, ['traceId'])) return fail('compareWith: unexpected fields');
      if (typeof msg.traceId !== 'string' || !TRACE_ID.test(msg.traceId)) return fail('compareWith: bad traceId');
      return { ok: true, value: { type, traceId: msg.traceId } };
    case 'webviewError':
      if (!onlyKeys(msg, ['message'])) return fail('webviewError: unexpected fields');
      if (typeof msg.message !== 'string') return fail('webviewError: bad message');
      // Truncate rather than reject: the report is still useful, and it only goes to a log.
      return { ok: true, value: { type, message: msg.message.slice(0, MAX_ERROR) } };
    default:
      return fail(`unknown message type '${type.slice(0, 40)}'`);
  }
}

/**
 * The state VS Code hands back to the serializer after a window reload. It was written by the
 * webview, so it is validated like a message; a bad state still yields the trace id when that
 * part is sound, since reopening the trace is what matters.
 */
export function parseTracePanelState(value: unknown): TracePanelPersistedState | null {
  if (!isPlainObject(value) || typeof value.traceId !== 'string' || !TRACE_ID.test(value.traceId)) return null;
  const state: TracePanelPersistedState = { traceId: value.traceId };
  if (typeof value.selectedSpanId === 'string' && SPAN_ID.test(value.selectedSpanId)) state.selectedSpanId = value.selectedSpanId;
  if (Array.isArray(value.collapsed) && value.collapsed.length <= MAX_PERSISTED_COLLAPSED) {
    state.collapsed = value.collapsed.filter((id): id is string => typeof id === 'string' && SPAN_ID.test(id));
  }
  const fraction = (v: unknown) => (typeof v === 'number' && v >= 0.2 && v <= 0.8 ? v : undefined);
  const split = fraction(value.split);
  if (split !== undefined) state.split = split;
  const nameColumn = fraction(value.nameColumn);
  if (nameColumn !== undefined) state.nameColumn = nameColumn;
  if (typeof value.rawContent === 'boolean') state.rawContent = value.rawContent;
  if (typeof value.scrollTop === 'number' && Number.isFinite(value.scrollTop) && value.scrollTop >= 0) state.scrollTop = value.scrollTop;
  return state;
}
