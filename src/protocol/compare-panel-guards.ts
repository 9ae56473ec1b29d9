/**
 * Validates what the compare panel's webview sends (untrusted: it renders telemetry), and the
 * state it persisted (it names the two runs the panel is rebuilt for after a reload).
 */
import type { ComparePanelPersistedState, ComparePanelRequest, FromComparePanel } from './compare-panel';
import { isPlainObject, isRequestId, isSpanId, isTraceId, onlyKeys, type Fields, type ParseResult } from './guards';
import { parsePanelMessage, unknownType } from './panel-messages';

const spanIdOrNull = (value: unknown): value is string | null => value === null || isSpanId(value);

function parseRequest(msg: Fields, type: string): ParseResult<ComparePanelRequest> {
  switch (type) {
    case 'requestPair':
      if (!onlyKeys(msg, ['requestId', 'a', 'b'])) return { ok: false, reason: 'requestPair: unexpected fields' };
      if (!isRequestId(msg.requestId)) return { ok: false, reason: 'requestPair: bad requestId' };
      if (!spanIdOrNull(msg.a) || !spanIdOrNull(msg.b) || (msg.a === null && msg.b === null)) return { ok: false, reason: 'requestPair: bad span ids' };
      return { ok: true, value: { type, requestId: msg.requestId, a: msg.a, b: msg.b } };
    case 'openDiff':
      if (!onlyKeys(msg, ['a', 'b'])) return { ok: false, reason: 'openDiff: unexpected fields' };
      if (!isSpanId(msg.a) || !isSpanId(msg.b)) return { ok: false, reason: 'openDiff: bad span ids' };
      return { ok: true, value: { type, a: msg.a, b: msg.b } };
    default:
      return unknownType(type);
  }
}

export function parseFromComparePanel(value: unknown): ParseResult<FromComparePanel> {
  return parsePanelMessage(value, parseRequest);
}

/** The persisted state's two trace ids, or null when they are not there (the panel is closed). */
export function parseComparePanelState(value: unknown): Pick<ComparePanelPersistedState, 'traceIdA' | 'traceIdB'> | null {
  if (!isPlainObject(value) || !isTraceId(value.traceIdA) || !isTraceId(value.traceIdB)) return null;
  return { traceIdA: value.traceIdA, traceIdB: value.traceIdB };
}
