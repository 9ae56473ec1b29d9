/**
 * Where `tracelight compare` finds its two traces: files imported into an in-process engine, or a
 * running Tracelight through its read-only query API. Both resolve a unique prefix of a trace id.
 */
import { Engine } from '../engine/engine';
import { MAX_PAGE } from '../engine/store/trace-queries';
import { DEFAULT_ENGINE_CONFIG } from '../protocol/engine-api';
import type { TraceJsonDocument, TraceJsonTrace } from '../protocol/trace-json';
import type { CliIo } from './cli-io';

export interface TraceSource {
  /** Every trace id the source holds (the query API: the newest 1,000). */
  traceIds(): Promise<string[]>;
  getTrace(traceId: string): Promise<TraceJsonTrace | null>;
  close(): Promise<void>;
}

export class TraceLookupError extends Error {}

/** The one trace id starting with `prefix` (case-insensitive). */
export function resolveTraceId(prefix: string, ids: readonly string[]): string {
  const wanted = prefix.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(wanted)) throw new TraceLookupError(`'${prefix}' is not a trace id or a prefix of one (hex digits)`);
  const found = ids.filter((id) => id.startsWith(wanted));
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new TraceLookupError(`no trace id starts with '${wanted}'`);
  const shown = found.slice(0, 5).join(', ');
  throw new TraceLookupError(`'${wanted}' is the start of ${found.length} trace ids (${shown}${found.length > 5 ? ', …' : ''}): give more digits`);
}

/** An in-process engine holding the imported files; a bad file is reported and the rest kept. */
export async function importedSource(files: readonly string[], io: CliIo): Promise<TraceSource & { failed: number }> {
  const engine = await Engine.create({
    config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null, maxSpans: 5_000_000, maxBytes: 3 * 1024 ** 3 },
    emit: (event) => {
      if (event.type === 'log' && event.level === 'error') io.stderr(`[error] ${event.message}\n`);
    },
  });
  const results = await engine.importFiles(files);
  for (const result of results) if (!result.ok) io.stderr(`tracelight: ${result.file}: ${result.error ?? 'could not be imported'}\n`);
  return {
    failed: results.filter((r) => !r.ok).length,
    async traceIds() {
      const ids: string[] = [];
      for (let offset = 0; ; offset += MAX_PAGE) {
        const page = engine.queries.listTraces({ limit: MAX_PAGE, offset });
        ids.push(...page.traces.map((t) => t.traceId));
        if (page.traces.length < MAX_PAGE) return ids;
      }
    },
    getTrace: async (traceId) => engine.queries.getTraceJson([traceId]).traces[0] ?? null,
    close: () => engine.stop(),
  };
}

/** A running Tracelight's query API (`GET /api/traces`, `GET /api/traces/{id}`). */
export function queryApiSource(baseUrl: string): TraceSource {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new TraceLookupError(`no Tracelight answers at ${base} (${cause}); start it (VS Code or \`tracelight serve\`), pass --url, or give the trace files`);
    }
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      throw new TraceLookupError(`${base}${path} answered ${response.status} with something that is not JSON: is this Tracelight's query API?`);
    }
  };
  return {
    async traceIds() {
      const { status, body } = await get('/api/traces?limit=1000');
      if (status !== 200) throw new TraceLookupError(`${base}/api/traces answered ${status}`);
      return ((body as TraceJsonDocument).traces ?? []).map((t) => t.traceId);
    },
    async getTrace(traceId) {
      const { status, body } = await get(`/api/traces/${traceId}`);
      if (status === 404) return null;
      if (status !== 200) throw new TraceLookupError(`${base}/api/traces/${traceId} answered ${status}`);
      return (body as TraceJsonDocument).traces?.[0] ?? null;
    },
    close: async () => undefined,
  };
}
