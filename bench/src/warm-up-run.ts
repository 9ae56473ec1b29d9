/**
 * A warm-up by hand, for measuring what it would change (bench/src/warm-up-profile.ts): the engine's
 * ingest and read paths run over synthetic agent runs (test/factories/warm-up) in a scratch
 * in-memory store, closed at the end, so that V8 has optimized that code before the measured load.
 * Each step is small (a few milliseconds) and followed by `pause()`: a warm-up the engine ran by
 * itself while quiet would let real work go first there. Measured, it did not pay for itself (see
 * ARCHITECTURE.md, "A fresh engine's extra cost"), so the engine has none.
 */
import type { SqlJsStatic } from 'sql.js';
import type { OtlpEncoding } from '../../src/engine/otlp';
import type { PreparedTraces } from '../../src/engine/prepare/prepare-traces';
import { TraceQueries } from '../../src/engine/store/trace-queries';
import { TraceStore } from '../../src/engine/store/trace-store';
import type { WarmUpConvention } from '../../test/factories/warm-up/warm-up-conventions';
import { warmUpProtobuf } from '../../test/factories/warm-up/warm-up-protobuf';
import { warmUpRequest } from '../../test/factories/warm-up/warm-up-spans';

export interface WarmUpPlan {
  /** Times the whole workload is stored and read (in new scratch stores), for the code to be hot. */
  rounds: number;
  /** Agent runs per export, and steps per run (each step: a model call, a tool call, a retrieval every third). */
  tracesPerExport: number;
  steps: number;
  /** Whether the traces are also read (the read path warmed too); default true. */
  read?: boolean;
}

/** About 1,100 spans in exports of 71 (each prepared in a few milliseconds). */
export const DEFAULT_WARMUP_PLAN: WarmUpPlan = { rounds: 2, tracesPerExport: 1, steps: 30 };

export interface WarmUpTools {
  SQL: SqlJsStatic;
  /** Prepares an export (prepareTraces in process, or an engine's preparer). */
  prepare(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces>;
  /** Awaited after every step: resolves when the warm-up may go on, throws to end it. */
  pause(): Promise<void>;
}

const CONVENTIONS: readonly WarmUpConvention[] = ['genai', 'openinference', 'openllmetry', 'vercel'];
const ENCODINGS: readonly OtlpEncoding[] = ['protobuf', 'json'];
/** Big enough for the workload, far below anything that would make the scratch store evict. */
const SCRATCH_LIMITS = { maxSpans: 100_000, maxBytes: 256 * 1024 * 1024 };
/** Spans selected per trace, as a user clicking through a run does. */
const SELECTIONS = 6;

const encoder = new TextEncoder();

/** Runs the plan to its end (or until `pause` throws); the steps it ran. The scratch store is closed either way. */
export async function runWarmUp(tools: WarmUpTools, plan: WarmUpPlan = DEFAULT_WARMUP_PLAN): Promise<number> {
  let steps = 0;
  const pause = async (): Promise<void> => {
    steps++;
    await tools.pause();
  };
  // Per run of the process, so that no two warm-ups share an id or a text.
  let salt = (Date.now() % 1_000_000) * 16;
  for (let round = 0; round < plan.rounds; round++) {
    const scratch = TraceStore.open(tools.SQL, { limits: SCRATCH_LIMITS, log: () => undefined, compressContentLater: true });
    try {
      for (const convention of CONVENTIONS) {
        for (const encoding of ENCODINGS) {
          const request = warmUpRequest(convention, plan.tracesPerExport, plan.steps, salt++, Date.now() - 3_600_000);
          const body = encoding === 'json' ? encoder.encode(JSON.stringify(request)) : warmUpProtobuf(request);
          const prepared = await tools.prepare(body, encoding);
          await pause();
          scratch.ingestPreparedSpans(prepared);
          await pause();
        }
      }
      scratch.takeChanges();
      while (scratch.compressWaitingContent(64)) await pause();
      if (plan.read !== false) await readAll(scratch, pause);
    } finally {
      scratch.close();
    }
  }
  return steps;
}

/** Every trace read as the query API and the trace panel read it, with nothing cached. */
async function readAll(scratch: TraceStore, pause: () => Promise<void>): Promise<void> {
  const queries = new TraceQueries(scratch);
  const { traces } = queries.listTraces({ limit: 1000 });
  await pause();
  for (const trace of traces) {
    await queries.getTraceJsonBytesInSlices([trace.traceId], pause);
    await pause();
    const rows = queries.getSpanRows(trace.traceId);
    await pause();
    for (let i = 0; i < SELECTIONS && i < rows.length; i++) queries.getSpan(trace.traceId, rows[Math.floor((i * rows.length) / SELECTIONS)].spanId);
    queries.getTraceSummary(trace.traceId);
    await pause();
  }
}

/** The whole warm-up at once, in process (bench drivers and tests). */
export function runWarmUpToEnd(SQL: SqlJsStatic, prepare: WarmUpTools['prepare'], plan?: WarmUpPlan): Promise<number> {
  return runWarmUp({ SQL, prepare, pause: () => Promise.resolve() }, plan);
}
