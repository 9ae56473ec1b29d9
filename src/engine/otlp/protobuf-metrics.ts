/**
 * Metrics are acknowledged and counted, not stored: this walks ExportMetricsServiceRequest only
 * deep enough to count data points (and to refuse a body that is not protobuf).
 */
import type { Reader } from 'protobufjs/minimal';
import { asDecodeError, createReader, expectEnd, messageEnd, skipField } from './protobuf-wire';

const LENGTH_DELIMITED_FIELD_1 = (1 << 3) | 2;
const SCOPE_METRICS_METRICS = (2 << 3) | 2;
/** Metric.gauge, sum, histogram, exponential_histogram, summary: each holds data_points in field 1. */
const METRIC_DATA_FIELDS = new Set([(5 << 3) | 2, (7 << 3) | 2, (9 << 3) | 2, (10 << 3) | 2, (11 << 3) | 2]);

export function countMetricDataPointsProtobuf(body: Uint8Array): number {
  const r = createReader(body);
  try {
    // request.resource_metrics(1) → scope_metrics(2) → metrics(2) → data → data_points(1)
    return countIn(r, r.len, [LENGTH_DELIMITED_FIELD_1, (2 << 3) | 2, SCOPE_METRICS_METRICS]);
  } catch (error) {
    throw asDecodeError(error);
  }
}

/** Descends through `path` (one tag per level) and then counts data points in each Metric. */
function countIn(r: Reader, end: number, path: number[]): number {
  let count = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (path.length > 0 && tag === path[0]) {
      const childEnd = messageEnd(r);
      count += countIn(r, childEnd, path.slice(1));
      expectEnd(r, childEnd);
    } else if (path.length === 0 && METRIC_DATA_FIELDS.has(tag)) {
      const dataEnd = messageEnd(r);
      while (r.pos < dataEnd) {
        const dataTag = r.uint32();
        if (dataTag === LENGTH_DELIMITED_FIELD_1) count++;
        skipField(r, dataTag);
      }
      expectEnd(r, dataEnd);
    } else {
      skipField(r, tag);
    }
  }
  return count;
}
