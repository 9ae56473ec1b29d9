/** Runtime validation of what the cost panel's webview sends, and of its persisted state. */
import { COST_DIMENSIONS, COST_WINDOWS, type CostDimension, type CostWindow } from './cost';
import { COST_PANEL_KEY, type CostPanelPersistedState, type CostPanelRequest, type CostSortColumn, type FromCostPanel } from './cost-panel';
import { isBoundedString, isPlainObject, isRequestId, isTraceId, onlyKeys, type Fields, type ParseResult } from './guards';
import { parsePanelMessage, unknownType } from './panel-messages';

const MAX_NAME = 500;
const SORT_COLUMNS: readonly CostSortColumn[] = ['key', 'calls', 'inputTokens', 'outputTokens', 'costUsd'];

const isWindow = (v: unknown): v is CostWindow => typeof v === 'string' && (COST_WINDOWS as readonly string[]).includes(v);
const isDimension = (v: unknown): v is CostDimension => typeof v === 'string' && (COST_DIMENSIONS as readonly string[]).includes(v);
const isName = (v: unknown): v is string => isBoundedString(v, MAX_NAME) && v.trim().length > 0 && !v.includes('\0');

function parseCostPanelRequest(msg: Fields, type: string): ParseResult<CostPanelRequest> {
  const fail = (reason: string): ParseResult<CostPanelRequest> => ({ ok: false, reason });
  switch (type) {
    case 'setWindow':
      if (!onlyKeys(msg, ['window'])) return fail('setWindow: unexpected fields');
      if (!isWindow(msg.window)) return fail('setWindow: bad window');
      return { ok: true, value: { type, window: msg.window } };
    case 'whatIf':
      if (!onlyKeys(msg, ['requestId', 'model', 'traceId'])) return fail('whatIf: unexpected fields');
      if (!isRequestId(msg.requestId)) return fail('whatIf: bad requestId');
      if (!isName(msg.model)) return fail('whatIf: bad model');
      if (msg.traceId !== undefined && !isTraceId(msg.traceId)) return fail('whatIf: bad traceId');
      return { ok: true, value: { type, requestId: msg.requestId, model: msg.model, ...(msg.traceId !== undefined ? { traceId: msg.traceId } : {}) } };
    case 'addPrice':
      if (!onlyKeys(msg, ['model', 'provider'])) return fail('addPrice: unexpected fields');
      if (!isName(msg.model)) return fail('addPrice: bad model');
      if (msg.provider !== undefined && !isName(msg.provider)) return fail('addPrice: bad provider');
      return { ok: true, value: { type, model: msg.model, ...(msg.provider !== undefined ? { provider: msg.provider } : {}) } };
    case 'setBudget':
    case 'exportCsv':
      if (!onlyKeys(msg, [])) return fail(`${type}: unexpected fields`);
      return { ok: true, value: { type } };
    default:
      return unknownType(type);
  }
}

export function parseFromCostPanel(value: unknown): ParseResult<FromCostPanel> {
  return parsePanelMessage(value, parseCostPanelRequest);
}

/** The state VS Code hands back after a reload (written by the webview): what is sound is kept. */
export function parseCostPanelState(value: unknown): CostPanelPersistedState | null {
  if (!isPlainObject(value) || value.key !== COST_PANEL_KEY) return null;
  const state: CostPanelPersistedState = { key: COST_PANEL_KEY };
  if (isWindow(value.window)) state.window = value.window;
  if (isDimension(value.dimension)) state.dimension = value.dimension;
  const sort = value.sort;
  if (isPlainObject(sort) && SORT_COLUMNS.includes(sort.column as CostSortColumn) && typeof sort.descending === 'boolean') {
    state.sort = { column: sort.column as CostSortColumn, descending: sort.descending };
  }
  if (isName(value.selectedKey)) state.selectedKey = value.selectedKey;
  if (isName(value.whatIfModel)) state.whatIfModel = value.whatIfModel;
  return state;
}
