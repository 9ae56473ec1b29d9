/**
 * `tracelight compare A B [FILE...] [--json] [--url URL]`: compares two runs. A and B are trace ids
 * or unique prefixes; FILEs are imported first, else the traces come from a running Tracelight's
 * query API. Exit code 0 whether or not the runs differ (a CI check reads the JSON); 1 when a trace
 * cannot be found or read, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { compareTraces } from '../analysis/compare/compare-runs';
import { type CliIo, UsageError } from './cli-io';
import { compareSummary } from './compare-summary';
import { importedSource, queryApiSource, resolveTraceId, TraceLookupError, type TraceSource } from './compare-sources';
import { COMPARE_USAGE } from './usage';

const DEFAULT_URL = 'http://127.0.0.1:4318';

export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(COMPARE_USAGE);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError('compare needs two trace ids (or unique prefixes): A B');
  const [prefixA, prefixB, ...files] = positionals;
  if (files.length > 0 && values.url !== undefined) throw new UsageError('--url and trace files exclude each other');
  const source: TraceSource = files.length > 0 ? await importedSource(files, io) : queryApiSource(values.url ?? DEFAULT_URL);
  try {
    const ids = await source.traceIds();
    const idA = fullIdOrResolve(prefixA, ids);
    const idB = fullIdOrResolve(prefixB, ids);
    const [traceA, traceB] = await Promise.all([source.getTrace(idA), source.getTrace(idB)]);
    if (!traceA || !traceB) throw new TraceLookupError(`trace ${traceA ? idB : idA} is not there`);
    const result = compareTraces(traceA, traceB);
    io.stdout(values.json ? `${JSON.stringify(result.json, null, 2)}\n` : compareSummary(result));
    return 0;
  } catch (error) {
    if (!(error instanceof TraceLookupError)) throw error;
    io.stderr(`tracelight compare: ${error.message}\n`);
    return 1;
  } finally {
    await source.close();
  }
}

/** A full id is used as given (the query API lists only the newest traces); a prefix must be unique. */
function fullIdOrResolve(prefix: string, ids: readonly string[]): string {
  return /^[0-9a-fA-F]{32}$/.test(prefix) ? prefix.toLowerCase() : resolveTraceId(prefix, ids);
}
