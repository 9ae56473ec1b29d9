/**
 * Span links in both directions. A span's links themselves (ids, trace state, attributes, dropped
 * count) are kept in its detail JSON (span-record.ts) like its events; this module keeps the narrow
 * `span_links` rows that make the other direction, "which spans link to this one" (a queue
 * consumer's batch span linking its producers, an agent's async hand-off), one index lookup instead
 * of a scan of every stored span. Only links with well-formed ids are indexed: others can name no
 * stored span.
 */
import type { Database } from 'sql.js';
import type { LinkingSpan, LinkTargetName } from '../../protocol/engine-api';
import type { DecodedLink } from '../model';
import { columns } from './columns';
import { PreparedStatements, textOf } from './prepared';
import { inTransaction } from './transaction';

/** One indexed link of a span: its place in the span's list and whom it names. */
export interface LinkTarget {
  position: number;
  traceId: string;
  spanId: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** The links worth indexing (well-formed ids), or undefined when there are none. */
export function linkTargetsOf(links: readonly DecodedLink[]): LinkTarget[] | undefined {
  let out: LinkTarget[] | undefined;
  for (let position = 0; position < links.length; position++) {
    const { traceId, spanId } = links[position];
    if (TRACE_ID.test(traceId) && SPAN_ID.test(spanId)) (out ??= []).push({ position, traceId, spanId });
  }
  return out;
}

/** The link ids in a span's stored detail (span-record.ts: `l: [{t, s, …}]`); none from a damaged one. */
function linkIdsOfDetail(detail: string): Array<{ traceId: string; spanId: string }> {
  let parsed: { l?: unknown };
  try {
    parsed = JSON.parse(detail) as { l?: unknown };
  } catch {
    return [];
  }
  if (!Array.isArray(parsed.l)) return [];
  return (parsed.l as Array<{ t?: unknown; s?: unknown }>).map((l) => ({ traceId: String(l.t ?? ''), spanId: String(l.s ?? '') }));
}

const INSERT_LINK = 'INSERT OR IGNORE INTO span_links (trace_id, span_id, position, target_trace_id, target_span_id) VALUES (?, ?, ?, ?, ?)';

const TARGET_COLUMNS = columns({ traceId: 's.trace_id', spanId: 's.span_id', name: 's.name', traceName: 't.name' });

/**
 * Most distinct targets named by one statement: 250 pairs, 500 bound ids. Statements are prepared
 * once per size and cached, so a batch is padded up to the next of a few sizes (powers of two, then
 * the maximum) by repeating its first pair; the answer is keyed by id, so a repeat changes nothing.
 */
const MAX_TARGETS_PER_STATEMENT = 250;
const statementSize = (n: number): number => Math.min(MAX_TARGETS_PER_STATEMENT, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));

/** The stored spans among a batch of (trace id, span id) pairs, each one primary-key lookup. */
const targetQuery = (pairs: number): string => `FROM (VALUES ${Array(pairs).fill('(?, ?)').join(', ')}) AS wanted
  JOIN spans s ON s.trace_id = wanted.column1 AND s.span_id = wanted.column2 LEFT JOIN traces t ON t.trace_id = s.trace_id`;

const pairKey = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

const LINKING_COLUMNS = columns({
  traceId: 'l.trace_id', spanId: 'l.span_id', position: 'l.position', name: 's.name', traceName: 't.name', startMs: 's.start_ms',
});
const LINKING_QUERY = `FROM span_links l JOIN spans s ON s.trace_id = l.trace_id AND s.span_id = l.span_id
  LEFT JOIN traces t ON t.trace_id = l.trace_id
  WHERE l.target_trace_id = ? AND l.target_span_id = ? ORDER BY s.start_ms, l.trace_id, l.span_id, l.position LIMIT ? OFFSET ?`;

export class SpanLinkIndex {
  constructor(private readonly sql: PreparedStatements) {}

  /** Indexes a stored span's links (under the id its row is stored with). */
  add(traceId: string, spanId: string, targets: readonly LinkTarget[]): void {
    for (const t of targets) this.sql.run(INSERT_LINK, [traceId, spanId, t.position, t.traceId, t.spanId]);
  }

  /** Forgets one span's links (a pending placeholder that its real span replaced). */
  removeSpan(traceId: string, spanId: string): void {
    this.sql.run('DELETE FROM span_links WHERE trace_id = ? AND span_id = ?', [traceId, spanId]);
  }

  removeTrace(traceId: string): void {
    this.sql.run('DELETE FROM span_links WHERE trace_id = ?', [traceId]);
  }

  /**
   * The stored span each link names, with its trace's name, in the links' order; null for one not in
   * the store. Distinct targets are looked up together, a few statements for any number of links.
   */
  targets(links: ReadonlyArray<{ traceId: string; spanId: string }>): Array<LinkTargetName | null> {
    const distinct = [...new Map(links.map((l) => [pairKey(l.traceId, l.spanId), l])).values()];
    const found = new Map<string, LinkTargetName>();
    for (let from = 0; from < distinct.length; from += MAX_TARGETS_PER_STATEMENT) {
      const batch = distinct.slice(from, from + MAX_TARGETS_PER_STATEMENT);
      const size = statementSize(batch.length);
      const params = batch.flatMap((l) => [l.traceId, l.spanId]);
      while (params.length < size * 2) params.push(batch[0].traceId, batch[0].spanId);
      for (const row of this.sql.select(TARGET_COLUMNS, targetQuery(size), params)) {
        const name = String(row.name);
        found.set(pairKey(String(row.traceId), String(row.spanId)), row.traceName === null ? { name } : { name, traceName: String(row.traceName) });
      }
    }
    return links.map((l) => found.get(pairKey(l.traceId, l.spanId)) ?? null);
  }

  /**
   * The ids each link of a stored span names, in order, read from its detail without resolving
   * its content (a span with a 10 MB attribute costs no more than any other); null when not stored.
   */
  linkIdsOf(traceId: string, spanId: string): Array<{ traceId: string; spanId: string }> | null {
    const row = this.sql.get('SELECT CAST(detail AS TEXT) FROM spans WHERE trace_id = ? AND span_id = ?', [traceId, spanId]);
    if (!row) return null;
    return linkIdsOfDetail(textOf(row[0]));
  }

  /** Stored spans that link to this span, in start order, a page at a time, and how many there are. */
  linkedFrom(traceId: string, spanId: string, offset: number, limit: number): { spans: LinkingSpan[]; total: number } {
    const total = this.sql.number('SELECT count(*) FROM span_links WHERE target_trace_id = ? AND target_span_id = ?', [traceId, spanId]);
    if (total === 0) return { spans: [], total };
    const spans = this.sql.select(LINKING_COLUMNS, LINKING_QUERY, [traceId, spanId, limit, offset]).map((r): LinkingSpan => {
      const span: LinkingSpan = {
        traceId: String(r.traceId), spanId: String(r.spanId), linkIndex: Number(r.position), name: String(r.name), startTimeUnixMs: Number(r.startMs),
      };
      if (r.traceName !== null) span.traceName = String(r.traceName);
      return span;
    });
    return { spans, total };
  }
}

/**
 * Indexes the links of every stored span again from their details: a snapshot written before the
 * index existed loads with an empty one. Only details that can hold links are parsed.
 */
export function rebuildSpanLinkIndex(db: Database): number {
  const sql = new PreparedStatements(db);
  const index = new SpanLinkIndex(sql);
  let indexed = 0;
  const candidates = sql.all(`SELECT trace_id, span_id, CAST(detail AS TEXT) FROM spans WHERE instr(detail, CAST('"l":[' AS BLOB)) > 0`);
  try {
    inTransaction(db, () => {
      for (const [traceId, spanId, detail] of candidates) {
        const targets = linkTargetsOf(linkIdsOfDetail(textOf(detail)).map((l) => ({ ...l, attributes: {} })));
        if (!targets) continue;
        index.add(String(traceId), String(spanId), targets);
        indexed += targets.length;
      }
    });
  } finally {
    sql.free();
  }
  return indexed;
}
