/**
 * Log records without a trace id: kept in the logs table with a NULL trace id, listed apart from
 * traces (newest first), and bounded on their own so that a chatty worker that traces nothing can
 * never push traces out. The oldest received go first, counted and logged by the store.
 */
import type { DecodedLogRecord } from '../model';
import {
  UNTRACED_LOG_MAX_LIMIT, UNTRACED_LOG_PREVIEW_CHARS, type UntracedLogQuery, type UntracedLogRecord, type UntracedLogRow,
} from '../../protocol/untraced-logs';
import { columns } from './columns';
import type { ContentTable } from './content-table';
import { type PreparedStatements, textOf } from './prepared';
import type { RetentionLimits } from './retention';
import { decodeLogDetail } from './span-record';

/** Records kept at most: a twentieth of the span cap (10,000 by default), never under 1,000. */
export function maxUntracedLogs(limits: RetentionLimits): number {
  return Math.max(1000, Math.floor(limits.maxSpans / 20));
}

/** Their share of the byte cap (bodies and attributes included): a tenth. */
export function maxUntracedLogBytes(limits: RetentionLimits): number {
  return Math.floor(limits.maxBytes / 10);
}

export interface UntracedLogRows {
  readonly untracedLogCount: number;
  readonly untracedLogBytes: number;
  /** Deletes the `count` first received; returns how many were deleted. */
  evictOldestUntracedLogs(count: number): number;
}

/**
 * Keeps the records under their own count and byte caps, dropping the first received. Runs before
 * trace retention, so that records without a trace never cost a trace its place.
 * Returns the number evicted.
 */
export function enforceUntracedLogRetention(rows: UntracedLogRows, limits: RetentionLimits): number {
  let evicted = 0;
  const cap = maxUntracedLogs(limits);
  if (rows.untracedLogCount > cap) evicted += rows.evictOldestUntracedLogs(rows.untracedLogCount - cap);
  const byteCap = maxUntracedLogBytes(limits);
  while (rows.untracedLogCount > 0 && rows.untracedLogBytes > byteCap) evicted += rows.evictOldestUntracedLogs(1);
  return evicted;
}

const ROW = columns({ id: 'id', detail: 'CAST(detail AS TEXT)' });

/** A body as text: strings as they are, anything else as compact JSON. */
function bodyText(body: DecodedLogRecord['body']): string {
  if (typeof body === 'string') return body;
  return body === null ? '' : JSON.stringify(body);
}

function serviceOf(record: DecodedLogRecord): string {
  const name = record.resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

function decode(content: ContentTable, detail: unknown): DecodedLogRecord | null {
  try {
    return decodeLogDetail(null, null, textOf(detail as string), (hash) => content.read(hash));
  } catch {
    // A damaged snapshot: the record is left out rather than failing the list.
    return null;
  }
}

function severity(record: DecodedLogRecord): Pick<UntracedLogRow, 'severityNumber' | 'severityText'> {
  return {
    ...(record.severityNumber !== undefined ? { severityNumber: record.severityNumber } : {}),
    ...(record.severityText !== undefined ? { severityText: record.severityText } : {}),
  };
}

/** One page of rows, newest first (by the record's time, then arrival). */
export function readUntracedLogRows(sql: PreparedStatements, content: ContentTable, query: UntracedLogQuery): UntracedLogRow[] {
  const limit = Math.min(Math.max(0, Math.floor(query.limit ?? 200)), UNTRACED_LOG_MAX_LIMIT);
  if (limit === 0) return [];
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const rows = sql.select(ROW, 'FROM logs WHERE trace_id IS NULL ORDER BY time_ms DESC, id DESC LIMIT ? OFFSET ?', [limit, offset]);
  return rows.flatMap((row) => {
    const record = decode(content, row.detail);
    if (!record) return [];
    const text = bodyText(record.body);
    return [{
      id: Number(row.id), timeUnixMs: record.timeUnixMs, ...severity(record), service: serviceOf(record),
      bodyPreview: text.length > UNTRACED_LOG_PREVIEW_CHARS ? text.slice(0, UNTRACED_LOG_PREVIEW_CHARS) : text, bodyChars: text.length,
    }];
  });
}

/** One record in full; null when it is not stored (evicted, or never an untraced record). */
export function readUntracedLog(sql: PreparedStatements, content: ContentTable, id: number): UntracedLogRecord | null {
  const row = sql.selectOne(ROW, 'FROM logs WHERE id = ? AND trace_id IS NULL', [id]);
  const record = row && decode(content, row.detail);
  if (!record) return null;
  const scope = { name: record.scope.name, ...(record.scope.version !== undefined ? { version: record.scope.version } : {}) };
  return {
    id, timeUnixMs: record.timeUnixMs, ...severity(record), ...(record.eventName !== undefined ? { eventName: record.eventName } : {}),
    body: record.body, attributes: record.attributes, resource: record.resource, scope,
  };
}
