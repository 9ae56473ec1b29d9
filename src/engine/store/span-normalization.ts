/**
 * The normalized fields of stored spans: derived by the semconv normalizer from the span and the
 * log records joined to it, when the span arrives and again when its logs arrive after it.
 */
import type { NormalizedFields } from '../../protocol/trace-json';
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { normalizeSpan } from '../semconv';
import { NORMALIZED_COLUMNS, UPDATE_NORMALIZED, normalizedColumns } from './span-columns';
import type { StoredRows } from './stored-rows';
import { toolCallKeysOf } from './tool-call-keys';
import { readStoredLogs, readStoredSpans } from './stored-spans';
import type { StoreLog } from './trace-store';

export class SpanNormalization {
  constructor(private readonly rows: StoredRows, private readonly log: StoreLog, private readonly normalizer: typeof normalizeSpan) {}

  /** The span's fields from the given logs, or from its stored logs when none are given. */
  fieldsOf(span: DecodedSpan, logs?: readonly DecodedLogRecord[]): NormalizedFields {
    return this.normalize(span, logs ?? (this.rows.tracedLogCount > 0 ? readStoredLogs(this.rows.sql, this.rows.content, span.traceId, span.spanId) : []));
  }

  private normalize(span: DecodedSpan, logs: readonly DecodedLogRecord[]): NormalizedFields {
    try {
      return this.normalizer(span, logs);
    } catch (error) {
      // A normalizer bug must not lose the span: keep it raw, say so.
      this.log('warn', `Could not normalize span ${span.spanId} (${span.name}): ${(error as Error).message}`);
      return { kind: 'other' };
    }
  }

  /** Log records arrived for a stored span: its row columns are derived again, with the logs. */
  renormalize(traceId: string, spanId: string): boolean {
    const stored = readStoredSpans(this.rows.sql, this.rows.content, traceId, spanId)[0];
    if (!stored) return false;
    const fields = this.fieldsOf(stored.span);
    const keys = toolCallKeysOf(fields);
    this.rows.sql.run(UPDATE_NORMALIZED, [...NORMALIZED_COLUMNS.values(normalizedColumns(fields, keys)), traceId, spanId]);
    // Its tool results as they are now: what it no longer carries is forgotten, the rest restored.
    this.rows.toolResults.forgetSpan(traceId, spanId);
    this.rows.toolResults.add([{ traceId, spanId, startMs: stored.span.startTimeUnixMs, resultIds: keys?.resultIds ?? [] }]);
    return true;
  }
}
