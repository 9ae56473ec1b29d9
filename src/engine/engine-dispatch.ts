/**
 * Routes one EngineRequest to the engine, exhaustively: adding a method to EngineMethods without a
 * case here is a compile error.
 */
import type { Engine } from './engine';
import type { EngineMethods, EngineRequest } from '../protocol/engine-api';
import { COST_WINDOWS, type CostQuery } from '../protocol/cost';

function assertNever(value: never): never {
  throw new Error(`unknown engine method ${JSON.stringify((value as { method?: unknown }).method)}`);
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
}

function requireArray(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${name} must be an array`);
  return value;
}

/** Params arrive over postMessage from code we trust, but a malformed one must fail, not crash. */
function paramsOf<T>(request: { params: T }): T {
  const params = request.params;
  if (params === null || typeof params !== 'object') throw new Error('params must be an object');
  return params;
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name} must be a finite number`);
  return value;
}

function costQuery(params: CostQuery): CostQuery {
  if (!(COST_WINDOWS as readonly string[]).includes(params.window)) throw new Error(`window must be one of ${COST_WINDOWS.join(', ')}`);
  const now = optionalNumber(params.nowUnixMs, 'nowUnixMs');
  const offset = optionalNumber(params.utcOffsetMinutes, 'utcOffsetMinutes');
  return { window: params.window, ...(now !== undefined ? { nowUnixMs: now } : {}), ...(offset !== undefined ? { utcOffsetMinutes: offset } : {}) };
}

function traceIdsOf(request: { params: { traceIds: string[] } }): string[] {
  const { traceIds } = paramsOf(request);
  if (!Array.isArray(traceIds)) throw new Error('traceIds must be an array');
  return traceIds.map((id) => requireString(id, 'traceIds[]'));
}

/**
 * The result of a request that crosses to the caller as JSON text (see EngineResponse), or
 * undefined for the others: Trace JSON documents, which the engine keeps serialized.
 */
export function dispatchAsText(engine: Engine, request: EngineRequest): Uint8Array | undefined {
  return request.method === 'getTraceJson' ? engine.queries.getTraceJsonBytes(traceIdsOf(request)) : undefined;
}

export async function dispatchRequest(engine: Engine, request: EngineRequest): Promise<EngineMethods[EngineRequest['method']]['result']> {
  switch (request.method) {
    case 'startReceiver':
      return engine.startReceiver();
    case 'stopReceiver':
      return engine.stopReceiver();
    case 'configure':
      return engine.configure(paramsOf(request));
    case 'listTraces':
      return engine.queries.listTraces(paramsOf(request));
    case 'getTraceSummary':
      return engine.queries.getTraceSummary(requireString(paramsOf(request).traceId, 'traceId'));
    case 'getSpanRows':
      return engine.queries.getSpanRows(requireString(paramsOf(request).traceId, 'traceId'));
    case 'getSpan': {
      const { traceId, spanId } = paramsOf(request);
      const id = requireString(traceId, 'traceId');
      return engine.promptLinks.annotateSpan(id, engine.queries.getSpan(id, requireString(spanId, 'spanId')));
    }
    case 'getTraceJson':
      return engine.queries.getTraceJson(traceIdsOf(request));
    case 'getTraceJsonBytes':
      return engine.queries.getTraceJsonBytes(traceIdsOf(request));
    case 'getSpanLinks': {
      const { traceId, spanId, offset, limit } = paramsOf(request);
      const from = optionalNumber(offset, 'offset');
      const count = optionalNumber(limit, 'limit');
      return engine.queries.getSpanLinks(requireString(traceId, 'traceId'), requireString(spanId, 'spanId'), from, count);
    }
    case 'exportOtlpJson':
      return engine.exportOtlpJson(requireString(paramsOf(request).traceId, 'traceId'));
    case 'deleteTrace':
      return engine.deleteTrace(requireString(paramsOf(request).traceId, 'traceId'));
    case 'clear':
      return engine.clear();
    case 'stats':
      return engine.stats();
    case 'importFiles': {
      const { paths } = paramsOf(request);
      if (!Array.isArray(paths)) throw new Error('paths must be an array');
      return engine.importFiles(paths.map((p) => requireString(p, 'paths[]')));
    }
    case 'saveSnapshot':
      return engine.saveSnapshot();
    case 'setPromptWorkspace': {
      const params = paramsOf(request);
      const root = params.root === null ? null : requireString(params.root, 'root');
      const strings = (v: unknown, name: string) => (v === undefined ? undefined : requireArray(v, name).map((x) => requireString(x, `${name}[]`)));
      const pathMappings = params.pathMappings === undefined ? undefined : requireArray(params.pathMappings, 'pathMappings').map((m) => {
        const { from, to } = (m ?? {}) as { from?: unknown; to?: unknown };
        return { from: requireString(from, 'pathMappings[].from'), to: requireString(to, 'pathMappings[].to') };
      });
      return engine.promptLinks.open({ root, include: strings(params.include, 'include'), exclude: strings(params.exclude, 'exclude'), pathMappings });
    }
    case 'promptFilesChanged': {
      const { changed, deleted } = paramsOf(request);
      return engine.promptLinks.filesChanged(
        requireArray(changed, 'changed').map((p) => requireString(p, 'changed[]')),
        requireArray(deleted, 'deleted').map((p) => requireString(p, 'deleted[]')));
    }
    case 'promptRendered': {
      const { traceId, spanId } = paramsOf(request);
      return engine.promptLinks.rendered(requireString(traceId, 'traceId'), requireString(spanId, 'spanId'));
    }
    case 'promptUsage':
      return engine.promptLinks.usageOf(requireString(paramsOf(request).path, 'path'));
    case 'listUntracedLogs': {
      const params = paramsOf(request);
      const limit = optionalNumber(params.limit, 'limit');
      const offset = optionalNumber(params.offset, 'offset');
      return engine.listUntracedLogs({ ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}) });
    }
    case 'getUntracedLog': {
      const id = optionalNumber(paramsOf(request).id, 'id');
      if (id === undefined || !Number.isInteger(id)) throw new Error('id must be an integer');
      return engine.getUntracedLog(id);
    }
    case 'costReport':
      return engine.store.costReport(costQuery(paramsOf(request)));
    case 'whatIfCost': {
      const params = paramsOf(request);
      return engine.store.whatIfCost({
        ...costQuery(params),
        model: requireString(params.model, 'model'),
        ...(params.provider !== undefined ? { provider: requireString(params.provider, 'provider') } : {}),
        ...(params.traceId !== undefined ? { traceId: requireString(params.traceId, 'traceId') } : {}),
      });
    }
    default:
      return assertNever(request);
  }
}
