/**
 * Reading a time window from the rollup: the whole minutes inside the window come from
 * `cost_rollup`, the partial minutes at its edges from the few `calls` rows in them. The minute at
 * an edge counts as whole when no counted call of it lies outside the window (`all` starts at the
 * first call, and `now` is usually after the last one).
 */
import { addToSums, DIM, forEachCell, MINUTE_MS, minuteOf, ROLLUP_CALL_COLUMNS, type CellSink, type RollupSums } from './cost-rollup';
import type { PreparedStatements, Row } from './prepared';

/** A window split into whole minutes [firstMinute, lastMinute] (none when first > last) and raw call ranges. */
export interface WindowParts {
  firstMinute: number;
  lastMinute: number;
  /** Calls read one by one: start times from `from` (inclusive) to `to`, inclusive when `toIncluded`. */
  raw: Array<{ from: number; to: number; toIncluded: boolean }>;
}

export interface KeySums extends RollupSums {
  dim: number;
  key: string;
  detail: string;
}

const anyCall = (sql: PreparedStatements, range: string, params: number[]): boolean =>
  sql.get(`SELECT 1 FROM calls WHERE counted > 0 AND ${range} LIMIT 1`, params) !== null;

export function splitWindow(sql: PreparedStatements, from: number, to: number): WindowParts {
  let first = minuteOf(from);
  let last = minuteOf(to);
  if (first < from && anyCall(sql, 'start_ms >= ? AND start_ms < ?', [first, from])) first += MINUTE_MS;
  if (anyCall(sql, 'start_ms > ? AND start_ms < ?', [to, last + MINUTE_MS])) last -= MINUTE_MS;
  if (first > last) return { firstMinute: first, lastMinute: last, raw: [{ from, to, toIncluded: true }] };
  const raw: WindowParts['raw'] = [];
  if (from < first) raw.push({ from, to: first, toIncluded: false });
  if (last + MINUTE_MS <= to) raw.push({ from: last + MINUTE_MS, to, toIncluded: true });
  return { firstMinute: first, lastMinute: last, raw };
}

const rangeSql = (r: WindowParts['raw'][number], column = 'start_ms'): string => `${column} >= ? AND ${column} ${r.toIncluded ? '<=' : '<'} ?`;

/** The calls of the raw ranges, as ROLLUP_CALL_COLUMNS rows. */
export function* rawCalls(sql: PreparedStatements, w: WindowParts): Generator<Row> {
  for (const r of w.raw) yield* sql.all(`SELECT ${ROLLUP_CALL_COLUMNS} FROM calls WHERE counted > 0 AND ${rangeSql(r)}`, [r.from, r.to]);
}

const BY_KEY = (minute: string): string => `SELECT dim, key, max(detail), sum(calls), sum(input_tokens), sum(output_tokens),
  sum(cache_read_tokens), sum(cost_usd), sum(cache_saving_usd), sum(unpriced_calls) FROM cost_rollup
  WHERE dim < ${DIM.traces} AND ${minute} >= ? AND ${minute} <= ? GROUP BY dim, key`;
// A window holding most of the rollup is read in key order, without a sort (`+` keeps SQLite off the
// minute index); a short one through the minute index.
const BY_KEY_SCAN = BY_KEY('+minute_ms');
const BY_KEY_RANGE = BY_KEY('minute_ms');

/** Sums per dimension and key over the window (the breakdowns and unpriced models). */
export function sumsByKey(sql: PreparedStatements, w: WindowParts): Map<string, KeySums> {
  const out = new Map<string, KeySums>();
  const sink: CellSink = (dim, key, detail, _minute, sign, row) => {
    const id = `${dim}\u0001${key}`;
    let s = out.get(id);
    if (!s) out.set(id, (s = { dim, key, detail, calls: 0, input: 0, output: 0, cacheRead: 0, cost: 0, saving: 0, unpriced: 0 }));
    if (detail > s.detail) s.detail = detail;
    addToSums(s, sign, row);
  };
  if (w.firstMinute <= w.lastMinute) {
    const span = sql.get('SELECT min(minute_ms), max(minute_ms) FROM cost_rollup');
    const stored = span && span[0] !== null ? Number(span[1]) - Number(span[0]) : 0;
    const wide = w.lastMinute - w.firstMinute >= stored / 4;
    for (const r of sql.all(wide ? BY_KEY_SCAN : BY_KEY_RANGE, [w.firstMinute, w.lastMinute])) {
      out.set(`${String(r[0])}\u0001${String(r[1])}`, {
        dim: Number(r[0]), key: String(r[1]), detail: String(r[2]), calls: Number(r[3]), input: Number(r[4]), output: Number(r[5]),
        cacheRead: Number(r[6]), cost: Number(r[7]), saving: Number(r[8]), unpriced: Number(r[9]),
      });
    }
  }
  for (const row of rawCalls(sql, w)) forEachCell(row, 1, sink);
  return out;
}

/** Cost per time bucket and model over the window (counted calls with a price). */
export function costByBucket(sql: PreparedStatements, w: WindowParts, first: number, bucketMs: number): Array<[number, string, number]> {
  const out: Array<[number, string, number]> = [];
  if (w.firstMinute <= w.lastMinute) {
    for (const r of sql.all(`SELECT CAST((minute_ms - ?) / ? AS INTEGER), key, sum(cost_usd) FROM cost_rollup
      WHERE dim = ${DIM.model} AND minute_ms >= ? AND minute_ms <= ? GROUP BY 1, 2`, [first, bucketMs, w.firstMinute, w.lastMinute])) {
      out.push([Number(r[0]), String(r[1]), Number(r[2])]);
    }
  }
  const sink: CellSink = (dim, key, _detail, _minute, _sign, row) => {
    if (dim === DIM.model && row && Number(row[15]) === 1) out.push([Math.floor((Number(row[1]) - first) / bucketMs), key, Number(row[13])]);
  };
  for (const row of rawCalls(sql, w)) forEachCell(row, 1, sink);
  return out;
}

/**
 * Traces with a counted call in [from, to]: those whose first counted call is in it (the rollup's
 * trace counts, plus the raw edges), and those that began before `from` with a later call in it
 * (looked for only as far after `from` as the longest stored trace lasts).
 */
export function tracesInWindow(sql: PreparedStatements, w: WindowParts, from: number, to: number): number {
  let n = w.firstMinute > w.lastMinute ? 0 : sql.number(`SELECT coalesce(sum(calls), 0) FROM cost_rollup WHERE dim = ${DIM.traces} AND key = ''
    AND detail = '' AND minute_ms >= ? AND minute_ms <= ?`, [w.firstMinute, w.lastMinute]);
  for (const r of w.raw) {
    n += sql.number(`SELECT count(DISTINCT c.trace_id) FROM calls c WHERE c.counted > 0 AND ${rangeSql(r, 'c.start_ms')}
      AND NOT EXISTS (SELECT 1 FROM calls e WHERE e.trace_id = c.trace_id AND e.counted > 0 AND e.start_ms < c.start_ms)`, [r.from, r.to]);
  }
  if (!anyCall(sql, 'start_ms < ?', [from])) return n;
  const longest = sql.number('SELECT coalesce(max(end_ms - start_ms), 0) FROM traces');
  n += sql.number(`SELECT count(DISTINCT c.trace_id) FROM calls c WHERE c.counted > 0 AND c.start_ms >= ? AND c.start_ms <= ?
    AND EXISTS (SELECT 1 FROM calls e WHERE e.trace_id = c.trace_id AND e.counted > 0 AND e.start_ms < ?)`, [from, Math.min(to, from + longest), from]);
  return n;
}

const CALL_OF_MINUTE = `SELECT trace_id, span_id, model, flow, start_ms, cost_usd, cost_source FROM calls
  WHERE counted > 0 AND counted = 1 AND start_ms >= ? AND start_ms < ?`;

/**
 * The costliest counted calls of the window (trace id, span id, name, model, flow, start, cost,
 * source). Only the `n` minutes whose costliest call costs most can hold them (any other call has
 * `n` costlier ones, one in each of those minutes), so only their calls and the raw edges are read.
 */
export function costliestCalls(sql: PreparedStatements, w: WindowParts, n: number): Row[] {
  const candidates: Row[] = [];
  if (w.firstMinute <= w.lastMinute) {
    for (const m of sql.all(`SELECT minute_ms FROM cost_rollup WHERE dim = ${DIM.minutes} AND key = '' AND detail = ''
      AND minute_ms >= ? AND minute_ms <= ? AND max_cost_usd IS NOT NULL ORDER BY max_cost_usd DESC LIMIT ${n}`, [w.firstMinute, w.lastMinute])) {
      candidates.push(...sql.all(CALL_OF_MINUTE, [Number(m[0]), Number(m[0]) + MINUTE_MS]));
    }
  }
  for (const r of w.raw) {
    candidates.push(...sql.all(`SELECT trace_id, span_id, model, flow, start_ms, cost_usd, cost_source FROM calls
      WHERE counted > 0 AND counted = 1 AND ${rangeSql(r)}`, [r.from, r.to]));
  }
  return candidates.sort((a, b) => Number(b[5]) - Number(a[5])).slice(0, n).map((r) => {
    const name = sql.get('SELECT name FROM spans WHERE trace_id = ? AND span_id = ?', [r[0], r[1]])?.[0] ?? '';
    return [r[0], r[1], name, ...r.slice(2)];
  });
}
