/**
 * `tracelight import FILE... [--json]`: an in-process engine (no receiver), the files imported
 * through the engine's own import path, then Trace JSON or a summary.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../engine/engine';
import { DEFAULT_ENGINE_CONFIG, type ImportFileResult, type TraceSummary } from '../protocol/engine-api';
import { MAX_PAGE } from '../engine/store/trace-queries';
import { loadWorkspace } from '../analysis/prompt-links/load-workspace';
import { parsePathMapping } from '../analysis/prompt-links/workspace-paths';
import type { TraceJsonDocument } from '../protocol/trace-json';
import fs from 'node:fs';
import { type CliIo, UsageError } from './cli-io';
import { IMPORT_USAGE } from './usage';
import { readPricesFile } from './prices-file';
import { formatCost, formatCount, formatDuration } from '../analysis/format';

async function allTraces(engine: Engine): Promise<TraceSummary[]> {
  const traces: TraceSummary[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = engine.queries.listTraces({ limit: MAX_PAGE, offset });
    traces.push(...page.traces);
    if (page.traces.length < MAX_PAGE) break;
  }
  // Oldest first: the order in which the traces happened.
  return traces.sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs || a.traceId.localeCompare(b.traceId));
}

function describeFile(result: ImportFileResult): string {
  const counts = `${result.spans} span(s), ${result.logs} log record(s)` + (result.rejected > 0 ? `, ${result.rejected} rejected` : '');
  return `${result.file}: ${counts}`;
}

function describeTrace(t: TraceSummary): string {
  const tokens = t.usage.totalTokens > 0 ? `  ${formatCount(t.usage.totalTokens)} tokens` : '';
  const unpriced = t.unpricedCalls > 0 ? ` + ${t.unpricedCalls} unpriced call(s)` : '';
  const cost = t.costUsd !== null || unpriced ? `  ${t.costUsd !== null ? formatCost(t.costUsd) : 'cost unknown'}${unpriced}` : '';
  return `  ${t.traceId}  ${t.status === 'error' ? 'ERROR' : 'ok   '}  ${formatDuration(t.durationMs)}  ${t.spanCount} span(s)${tokens}${cost}  ${t.service}: ${t.name}`;
}

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      workspace: { type: 'string' }, prices: { type: 'string' }, 'path-map': { type: 'string', multiple: true },
    },
  });
  if (values.help) {
    io.stdout(IMPORT_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('import needs at least one FILE');
  const mappings = (values['path-map'] ?? []).map((spec) => {
    try {
      return parsePathMapping(spec);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  if (values.workspace !== undefined && !fs.statSync(values.workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--workspace ${values.workspace} is not a folder`);
  }
  if (mappings.length > 0 && values.workspace === undefined) throw new UsageError('--path-map needs --workspace');
  const prices = readPricesFile(values.prices);
  const engine = await Engine.create({
    // Imports are never evicted half-way: the caps are the engine's hard limits, not the defaults.
    config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null, maxSpans: 5_000_000, maxBytes: 3 * 1024 ** 3, prices },
    emit: (event) => {
      if (event.type === 'log' && (values.verbose || event.level === 'error')) io.stderr(`[${event.level}] ${event.message}\n`);
    },
  });
  try {
    const results = await engine.importFiles(positionals);
    for (const result of results) {
      if (!result.ok) io.stderr(`tracelight: ${result.file}: ${result.error ?? 'could not be imported'}\n`);
      if (result.warning) io.stderr(`tracelight: ${result.file}: warning: ${result.warning}\n`);
    }
    const traces = await allTraces(engine);
    if (values.json) {
      const doc: TraceJsonDocument = engine.queries.getTraceJson(traces.map((t) => t.traceId));
      if (values.workspace !== undefined) {
        const linker = loadWorkspace(values.workspace, mappings);
        for (const trace of doc.traces) linker.annotate(trace.spans ?? []);
      }
      io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      for (const result of results) io.stdout(`${describeFile(result)}${result.ok ? '' : '  (errors, see above)'}\n`);
      io.stdout(`${traces.length} trace(s):\n`);
      for (const t of traces) io.stdout(`${describeTrace(t)}\n`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await engine.stop();
  }
}
