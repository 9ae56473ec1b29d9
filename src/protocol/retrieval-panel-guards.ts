/**
 * Runtime validation of what the retrieval inspector's webview sends, and of its persisted state:
 * exact shapes, bounded sizes, unknown types rejected; the result holds only the known fields.
 */
import { isPlainObject, isSpanId, isTraceId, onlyKeys, type Fields, type ParseResult } from './guards';
import { parsePanelMessage, unknownType } from './panel-messages';
import type { FromRetrievalPanel, RetrievalPanelPersistedState, RetrievalPanelRequest } from './retrieval-panel';

const MAX_FILTER = 1_000;
const MAX_EXPANDED = 1_000;
const MAX_IDENTITY = 2_000;
const isIdentity = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_IDENTITY;

function parseRequest(msg: Fields, type: string): ParseResult<RetrievalPanelRequest> {
  switch (type) {
    case 'focus':
      if (!onlyKeys(msg, ['spanId'])) return { ok: false, reason: 'focus: unexpected fields' };
      if (!isSpanId(msg.spanId)) return { ok: false, reason: 'focus: bad spanId' };
      return { ok: true, value: { type, spanId: msg.spanId } };
    default:
      return unknownType(type);
  }
}

export function parseFromRetrievalPanel(value: unknown): ParseResult<FromRetrievalPanel> {
  return parsePanelMessage(value, parseRequest);
}

/** The persisted state, or undefined when it cannot reopen a panel (ids missing or malformed). */
export function parseRetrievalPanelState(value: unknown): RetrievalPanelPersistedState | undefined {
  if (!isPlainObject(value) || !isTraceId(value.traceId)) return undefined;
  const state: RetrievalPanelPersistedState = { traceId: value.traceId };
  if (isSpanId(value.spanId)) state.spanId = value.spanId;
  if (isSpanId(value.stepSpanId)) state.stepSpanId = value.stepSpanId;
  if (isIdentity(value.selected)) state.selected = value.selected;
  if (Array.isArray(value.expanded)) state.expanded = value.expanded.filter(isIdentity).slice(0, MAX_EXPANDED);
  if (typeof value.filter === 'string') state.filter = value.filter.slice(0, MAX_FILTER);
  return state;
}
