/**
 * `cost_rollup`: the counted calls summed per minute and per key of each breakdown (model, flow,
 * prompt, session, service, kind; unpriced provider and model; traces by their first counted call;
 * every call, with the minute's costliest call),
 * so that the cost report reads a few rows per minute instead of every call (cost-report.ts).
 *
 * Ingest only notes which minutes its call rows touched (a set of numbers: ingest stays as cheap
 * as it was); the next report recomputes those minutes' rows from `calls` with grouped SQL before
 * reading. While spans stream in, that is the last minute or two; after a bulk load or a price
 * change, every minute once. Recomputing, rather than adding and subtracting differences, keeps
 * the sums exactly those of the calls.
 */
import type { RunHistory } from '../../analysis/run-history';
import type { PreparedStatements, Row } from './prepared';

export const MINUTE_MS = 60_000;
export const NO_MODEL = '(no model)';
export const NO_PROMPT = '(no prompt)';
export const NO_SESSION = '(no session)';

/** Rollup dimensions; the first six are the report's breakdowns, in COST_DIMENSIONS order. */
export const DIM = { model: 0, flow: 1, prompt: 2, session: 3, service: 4, kind: 5, unpriced: 6, traces: 7, minutes: 8 } as const;

/** The calls columns the rollup reads, in this order (in a SELECT or a RETURNING clause). */
export const ROLLUP_CALL_COLUMNS = 'span_id, start_ms, flow, service, session_id, kind, provider, model, prompt, price_model, '
  + 'input_tokens, output_tokens, cache_read_tokens, cost_usd, cache_saving_usd, counted';

/** What the store keeps for the cost report besides `calls`: the rollup, and each flow's runs for spikes. */
export interface CostSummaries {
  rollup: CostRollup;
  runs: RunHistory;
}

export const minuteOf = (ms: number): number => Math.trunc(ms / MINUTE_MS) * MINUTE_MS;

export interface RollupSums {
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cost: number;
  saving: number;
  unpriced: number;
}

export type CellSink = (dim: number, key: string, detail: string, minute: number, sign: number, row: Row | null) => void;

const text = (v: unknown, none: string): string => (v === null || v === undefined ? none : String(v));

/** The cells a counted call row adds to (`row` as ROLLUP_CALL_COLUMNS). */
export function forEachCell(row: Row, sign: number, sink: CellSink): void {
  const counted = Number(row[15]);
  if (counted === 0) return;
  const minute = minuteOf(Number(row[1]));
  sink(DIM.model, text(row[7], NO_MODEL), text(row[9], ''), minute, sign, row);
  sink(DIM.flow, String(row[2]), '', minute, sign, row);
  sink(DIM.prompt, text(row[8], NO_PROMPT), '', minute, sign, row);
  sink(DIM.session, text(row[4], NO_SESSION), '', minute, sign, row);
  sink(DIM.service, String(row[3]), '', minute, sign, row);
  sink(DIM.kind, String(row[5]), '', minute, sign, row);
  if (counted === 2) sink(DIM.unpriced, JSON.stringify([row[6], row[7]]), '', minute, sign, row);
}

/** Adds a call row (or, with `row` null, one trace) to sums. */
export function addToSums(s: RollupSums, sign: number, row: Row | null): void {
  s.calls += sign;
  if (!row) return;
  const counted = Number(row[15]);
  s.input += sign * Number(row[10]);
  s.output += sign * Number(row[11]);
  s.cacheRead += sign * Number(row[12]);
  if (counted === 1) {
    s.cost += sign * Number(row[13] ?? 0);
    s.saving += sign * Number(row[14]);
  } else {
    s.unpriced += sign;
  }
}

/** Dirty minutes in more runs than this are rebuilt in one pass over every call. */
const RUNS_BEFORE_FULL_REBUILD = 64;

const MINUTE_SQL = `CAST(start_ms / ${MINUTE_MS} AS INTEGER) * ${MINUTE_MS}`;
const SUMS_SQL = `count(*), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
  coalesce(sum(CASE WHEN counted = 1 THEN cost_usd END), 0), coalesce(sum(CASE WHEN counted = 1 THEN cache_saving_usd END), 0), sum(counted = 2),
  max(CASE WHEN counted = 1 THEN cost_usd END)`;
const INSERT_SQL = 'INSERT INTO cost_rollup (dim, key, detail, minute_ms, calls, input_tokens, output_tokens, cache_read_tokens, cost_usd, cache_saving_usd, unpriced_calls, max_cost_usd)';

/** Per dimension: key and detail as SQL over `calls`, and which counted calls it sums. */
const DIM_SQL: Array<[number, string, string, string]> = [
  [DIM.model, `coalesce(model, '${NO_MODEL}')`, "coalesce(price_model, '')", 'counted > 0'],
  [DIM.flow, 'flow', "''", 'counted > 0'],
  [DIM.prompt, `coalesce(prompt, '${NO_PROMPT}')`, "''", 'counted > 0'],
  [DIM.session, `coalesce(session_id, '${NO_SESSION}')`, "''", 'counted > 0'],
  [DIM.service, 'service', "''", 'counted > 0'],
  [DIM.kind, 'kind', "''", 'counted > 0'],
  // json_array: the same key text as JSON.stringify([provider, model]) in forEachCell.
  [DIM.unpriced, 'json_array(provider, model)', "''", 'counted = 2'],
  [DIM.minutes, "''", "''", 'counted > 0'],
];

/** Statements recomputing the rollup's rows of the minutes in [from, to) (start times). */
function refreshStatements(range: string): string[] {
  const inRange = `start_ms >= ? AND start_ms < ?`;
  return [
    `DELETE FROM cost_rollup WHERE ${range.replace(/start_ms/g, 'minute_ms')}`,
    ...DIM_SQL.map(([dim, key, detail, which]) => `${INSERT_SQL} SELECT ${dim}, ${key}, ${detail}, ${MINUTE_SQL}, ${SUMS_SQL}
      FROM calls WHERE ${which} AND ${range} GROUP BY 2, 3, 4`),
    // A trace is counted in the minute of its first counted call.
    `${INSERT_SQL} SELECT ${DIM.traces}, '', '', CAST(first / ${MINUTE_MS} AS INTEGER) * ${MINUTE_MS}, count(*), 0, 0, 0, 0, 0, 0, NULL
      FROM (SELECT min(start_ms) AS first FROM calls WHERE counted > 0 AND trace_id IN (SELECT trace_id FROM calls WHERE counted > 0 AND ${inRange})
      GROUP BY trace_id) WHERE first >= ? AND first < ? GROUP BY 4`,
  ];
}

const RANGE_STATEMENTS = refreshStatements('start_ms >= ? AND start_ms < ?');
const ALL_STATEMENTS = refreshStatements('1').map((q) => q.replace(/AND start_ms >= \? AND start_ms < \?\)/, ')').replace('WHERE first >= ? AND first < ?', ''));

export class CostRollup {
  private readonly dirty = new Set<number>();
  private everything = false;

  /** Call rows with these start times were written or deleted. */
  touch(startMs: number): void {
    if (!this.everything) this.dirty.add(minuteOf(startMs));
  }

  /** Every minute is to be recomputed (a snapshot written without the rollup, every trace re-priced). */
  touchEverything(): void {
    this.everything = true;
    this.dirty.clear();
  }

  /** The rollup emptied together with `calls`. */
  forget(): void {
    this.everything = false;
    this.dirty.clear();
  }

  /** Recomputes the touched minutes' rows (in a transaction of its own: call outside ingest batches). */
  refresh(sql: PreparedStatements): void {
    if (!this.everything && this.dirty.size === 0) return;
    const minutes = [...this.dirty].sort((a, b) => a - b);
    const runs: Array<[number, number]> = [];
    for (const m of minutes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === m) last[1] = m + MINUTE_MS;
      else runs.push([m, m + MINUTE_MS]);
    }
    sql.db.run('BEGIN');
    try {
      if (this.everything || runs.length > RUNS_BEFORE_FULL_REBUILD) {
        for (const q of ALL_STATEMENTS) sql.run(q);
      } else {
        for (const [from, to] of runs) {
          for (const q of RANGE_STATEMENTS) sql.run(q, (q.match(/\?/g) ?? []).map((_, i) => (i % 2 === 0 ? from : to)));
        }
      }
      sql.db.run('COMMIT');
    } catch (error) {
      sql.db.run('ROLLBACK');
      throw error;
    }
    this.forget();
  }
}
