/**
 * Which model call first received each tool result: one `tool_results` row per (trace, tool-call
 * id), naming the first model call by start whose input carries the result (`linkToolCalls`'s
 * "consumed by", src/analysis/tool-links.ts). An agent re-sends its whole history on every step, so
 * call k carries the results of every earlier step; keeping each call's result ids with its row
 * grew with the square of the run's length (about 380 bytes per agent span, row and index), one
 * row per id grows with the number of tool calls.
 *
 * A row keeps the earliest start seen for its id, the call that had it, and `tied` when another
 * call starting in the same millisecond carries it too (only the whole trace orders those). Calls
 * carrying it later are not kept: a tool starting after the first carrier is linked by the lookup
 * only when that carrier starts at or after the tool (tool-link-lookup.ts), anything else falls
 * back to the whole trace. When the row of the first carrier is removed or normalized again
 * without the id, the row forgets the call (`span_id` NULL) but keeps its start: every other
 * carrier starts later (or ties, and `tied` says so), so a carrier arriving at or before that start
 * restores an exact row; until then the trace's links come from the whole trace.
 */
import type { Database } from 'sql.js';
import { chunksOf, flatValues, MultiRowStatements, valuesList } from './multi-row';
import { PreparedStatements } from './prepared';
import { decodeToolCallKeys, encodeToolCallKeys } from './tool-call-keys';
import { inTransaction } from './transaction';

/** A stored model call's result ids (those of its row's `tool_calls` keys, kept here instead). */
export interface ToolResultCarrier {
  traceId: string;
  spanId: string;
  startMs: number;
  resultIds: readonly string[];
}

/** A row's values: trace, call id, first carrier, its start, tied (0/1). */
type ResultRow = [string, string, string, number, number];

/**
 * Merges a row into the stored one: an earlier start replaces it, an equal one from another call
 * ties it (or, on a row that forgot its call, names the call again), a later one changes nothing.
 * SET expressions all read the row as it was.
 */
const UPSERT_TAIL = `ON CONFLICT (trace_id, call_id) DO UPDATE SET
  span_id = CASE WHEN excluded.start_ms < start_ms OR (excluded.start_ms = start_ms AND span_id IS NULL) THEN excluded.span_id ELSE span_id END,
  tied = CASE WHEN excluded.start_ms < start_ms THEN excluded.tied
    WHEN excluded.start_ms > start_ms THEN tied
    WHEN span_id IS NULL OR span_id = excluded.span_id THEN max(tied, excluded.tied)
    ELSE 1 END,
  start_ms = min(start_ms, excluded.start_ms)`;

/** Each id's first carrier among `carriers` (the earliest start; tied when two calls share it). */
export function firstCarriers(carriers: Iterable<ToolResultCarrier>): ResultRow[] {
  const byKey = new Map<string, ResultRow>();
  for (const c of carriers) {
    for (const id of c.resultIds) {
      const key = `${c.traceId}\u0000${id}`;
      const row = byKey.get(key);
      if (!row || c.startMs < row[3]) byKey.set(key, [c.traceId, id, c.spanId, c.startMs, 0]);
      else if (c.startMs === row[3] && c.spanId !== row[2]) row[4] = 1;
    }
  }
  return [...byKey.values()];
}

export class ToolResultIndex {
  private readonly upsert: MultiRowStatements;

  constructor(db: Database, private readonly sql: PreparedStatements) {
    this.upsert = new MultiRowStatements(db, (n) => `INSERT INTO tool_results (trace_id, call_id, span_id, start_ms, tied)
      VALUES ${valuesList(n, '?, ?, ?, ?, ?')} ${UPSERT_TAIL}`);
  }

  /** Indexes stored model calls' result ids: one row written per distinct id, however many calls carry it. */
  add(carriers: Iterable<ToolResultCarrier>): void {
    const rows = firstCarriers(carriers);
    for (const [from, size] of chunksOf(rows.length)) this.upsert.forRows(size).run(flatValues(rows, from, size));
  }

  /** A span's row is removed or normalized again: rows naming it as first carrier forget it. */
  forgetSpan(traceId: string, spanId: string): void {
    this.sql.run('UPDATE tool_results SET span_id = NULL WHERE trace_id = ? AND span_id = ?', [traceId, spanId]);
  }

  removeTrace(traceId: string): void {
    this.sql.run('DELETE FROM tool_results WHERE trace_id = ?', [traceId]);
  }

  free(): void {
    this.upsert.free();
  }
}

/**
 * A snapshot written before this table existed keeps each model call's result ids in its
 * `tool_calls` column (`"r":[...]`): they move here, and the column keeps the rest of its keys.
 */
export function moveResultIdsOutOfRows(db: Database): void {
  const sql = new PreparedStatements(db);
  try {
    inTransaction(db, () => moveWith(db, sql));
  } finally {
    sql.free();
  }
}

function moveWith(db: Database, sql: PreparedStatements): void {
  const rows = db.exec(`SELECT rowid, trace_id, span_id, start_ms, tool_calls FROM spans WHERE kind = 'llm' AND instr(tool_calls, '"r":') > 0`)[0]?.values ?? [];
  const carriers: ToolResultCarrier[] = [];
  for (const [rowid, traceId, spanId, startMs, text] of rows) {
    const keys = decodeToolCallKeys(String(text));
    carriers.push({ traceId: String(traceId), spanId: String(spanId), startMs: Number(startMs), resultIds: keys.resultIds });
    sql.run('UPDATE spans SET tool_calls = ? WHERE rowid = ?', [encodeToolCallKeys(keys), Number(rowid)]);
  }
  const index = new ToolResultIndex(db, sql);
  try {
    index.add(carriers);
  } finally {
    index.free();
  }
}
