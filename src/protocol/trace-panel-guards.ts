/**
 * Runtime validation of what the trace panel's webview sends: the common panel messages
 * (panel-messages.ts) and the trace panel's own. Exact shapes only, bounded sizes, unknown types
 * rejected; the result is a fresh object holding only the known fields, so nothing extra
 * (prototype tricks, huge side payloads) reaches the host's handlers.
 */
import { isBoundedString, isPlainObject, isPositiveInt, isRequestId, isSpanId, isTraceId, onlyKeys, type Fields, type ParseResult } from './guards';
import { parsePanelMessage, unknownType } from './panel-messages';
import type { FromTracePanel, TracePanelPersistedState, TracePanelRequest } from './trace-panel';

export type { ParseResult } from './guards';

const MAX_QUERY = 1_000;
const MAX_PATH = 4_096;
const MAX_PERSISTED_COLLAPSED = 20_000;

function parseTracePanelRequest(msg: Fields, type: string): ParseResult<TracePanelRequest> {
  const fail = (reason: string): ParseResult<TracePanelRequest> => ({ ok: false, reason });
  switch (type) {
    case 'requestSpan':
      if (!onlyKeys(msg, ['requestId', 'spanId'])) return fail('requestSpan: unexpected fields');
      if (!isRequestId(msg.requestId)) return fail('requestSpan: bad requestId');
      if (!isSpanId(msg.spanId)) return fail('requestSpan: bad spanId');
      return { ok: true, value: { type, requestId: msg.requestId, spanId: msg.spanId } };
    case 'search':
      if (!onlyKeys(msg, ['requestId', 'query'])) return fail('search: unexpected fields');
      if (!isRequestId(msg.requestId)) return fail('search: bad requestId');
      if (!isBoundedString(msg.query, MAX_QUERY)) return fail('search: bad query');
      return { ok: true, value: { type, requestId: msg.requestId, query: msg.query } };
    case 'openPrompt':
      if (!onlyKeys(msg, ['spanId'])) return fail('openPrompt: unexpected fields');
      if (!isSpanId(msg.spanId)) return fail('openPrompt: bad spanId');
      return { ok: true, value: { type, spanId: msg.spanId } };
    case 'openSource': {
      if (!onlyKeys(msg, ['spanId', 'path', 'startLine', 'endLine'])) return fail('openSource: unexpected fields');
      if (!isSpanId(msg.spanId)) return fail('openSource: bad spanId');
      if (!isBoundedString(msg.path, MAX_PATH) || msg.path.length === 0 || msg.path.includes('\0')) return fail('openSource: bad path');
      if (!isPositiveInt(msg.startLine) || !isPositiveInt(msg.endLine) || msg.endLine < msg.startLine) return fail('openSource: bad lines');
      return { ok: true, value: { type, spanId: msg.spanId, path: msg.path, startLine: msg.startLine, endLine: msg.endLine } };
    }
    case 'inspectRetrieval':
      if (!onlyKeys(msg, ['spanId'])) return fail('inspectRetrieval: unexpected fields');
      if (!isSpanId(msg.spanId)) return fail('inspectRetrieval: bad spanId');
      return { ok: true, value: { type, spanId: msg.spanId } };
    case 'compareWith':
      if (!onlyKeys(msg, ['traceId'])) return fail('compareWith: unexpected fields');
      if (!isTraceId(msg.traceId)) return fail('compareWith: bad traceId');
      return { ok: true, value: { type, traceId: msg.traceId } };
    case 'openSpanInEditor':
      if (!onlyKeys(msg, ['spanId'])) return fail('openSpanInEditor: unexpected fields');
      if (!isSpanId(msg.spanId)) return fail('openSpanInEditor: bad spanId');
      return { ok: true, value: { type, spanId: msg.spanId } };
    default:
      return unknownType(type);
  }
}

export function parseFromTracePanel(value: unknown): ParseResult<FromTracePanel> {
  return parsePanelMessage(value, parseTracePanelRequest);
}

/**
 * The state VS Code hands back to the serializer after a window reload. It was written by the
 * webview, so it is validated like a message; a bad state still yields the trace id when that
 * part is sound, since reopening the trace is what matters.
 */
export function parseTracePanelState(value: unknown): TracePanelPersistedState | null {
  if (!isPlainObject(value) || !isTraceId(value.traceId)) return null;
  const state: TracePanelPersistedState = { traceId: value.traceId };
  if (isSpanId(value.selectedSpanId)) state.selectedSpanId = value.selectedSpanId;
  if (Array.isArray(value.collapsed) && value.collapsed.length <= MAX_PERSISTED_COLLAPSED) {
    state.collapsed = value.collapsed.filter(isSpanId);
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
