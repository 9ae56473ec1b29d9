/**
 * Reading stored spans and log records back: one query for the rows, the detail decoded, each
 * content string read once per call even when many spans share it.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { ContentTable } from './content-table';
import { type PreparedStatements, textOf } from './prepared';
import { decodeLogDetail, decodeSpanDetail } from './span-record';

export interface StoredSpan {
  span: DecodedSpan;
  service: string;
}

const SPAN_COLUMNS = 'span_id, parent_span_id, name, start_ms, status, status_message, detail, service';

function cachedReader(content: ContentTable): (hash: string) => string {
  const cache = new Map<string, string>();
  return (hash) => {
    let text = cache.get(hash);
    if (text === undefined) cache.set(hash, (text = content.read(hash)));
    return text;
  };
}

/** A trace's spans (or the one with `spanId`), in no particular order. */
export function readStoredSpans(sql: PreparedStatements, content: ContentTable, traceId: string, spanId?: string): StoredSpan[] {
  const rows = spanId === undefined
    ? sql.all(`SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_id = ?`, [traceId])
    : sql.all(`SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_id = ? AND span_id = ?`, [traceId, spanId]);
  const read = cachedReader(content);
  return rows.map((row) => ({
    span: decodeSpanDetail(
      {
        traceId, spanId: String(row[0]), parentSpanId: row[1] === null ? null : String(row[1]), name: String(row[2]),
        startTimeUnixMs: Number(row[3]), statusCode: String(row[4]) as DecodedSpan['status']['code'],
        statusMessage: row[5] === null ? null : String(row[5]),
      },
      textOf(row[6]),
      read,
    ),
    service: String(row[7]),
  }));
}

/** The log records joined to one span, in time order. */
export function readStoredLogs(sql: PreparedStatements, content: ContentTable, traceId: string, spanId: string): DecodedLogRecord[] {
  const rows = sql.all('SELECT detail FROM logs WHERE trace_id = ? AND span_id = ? ORDER BY time_ms, id', [traceId, spanId]);
  const read = cachedReader(content);
  return rows.map((r) => decodeLogDetail(traceId, spanId, textOf(r[0]), read));
}

/** The log records of a whole trace by span id, each list in time order. */
export function readTraceLogs(sql: PreparedStatements, content: ContentTable, traceId: string): Map<string, DecodedLogRecord[]> {
  const rows = sql.all('SELECT span_id, detail FROM logs WHERE trace_id = ? AND span_id IS NOT NULL ORDER BY time_ms, id', [traceId]);
  const read = cachedReader(content);
  const bySpan = new Map<string, DecodedLogRecord[]>();
  for (const r of rows) {
    const spanId = String(r[0]);
    let list = bySpan.get(spanId);
    if (!list) bySpan.set(spanId, (list = []));
    list.push(decodeLogDetail(traceId, spanId, textOf(r[1]), read));
  }
  return bySpan;
}
