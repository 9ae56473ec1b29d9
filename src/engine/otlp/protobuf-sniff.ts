/**
 * Guessing the signal of a protobuf file whose name does not say (for `tracelight import`). The
 * three export requests share their outer shape (field 1 → resource + field 2 → scope + items in
 * field 2), so the guess looks at the items' fields: a span has its times in fixed64 fields 7/8,
 * a log record in fixed64 fields 1/11, and a metric has its data in length-delimited fields 5–11.
 * A body this cannot read at all is 'unknown' (the caller reports it as not OTLP).
 */
import type { Reader } from 'protobufjs/minimal';
import { createReader, messageEnd, skipField } from './protobuf-wire';

export type SniffedSignal = 'traces' | 'logs' | 'metrics' | 'unknown';

const LD = 2;
const I64 = 1;

export function sniffProtobufSignal(body: Uint8Array): SniffedSignal {
  const votes: Votes = { traces: 0, logs: 0, metrics: 0, weakMetrics: 0 };
  try {
    const r = createReader(body);
    forEachChild(r, r.len, 1, (resourceEnd) =>
      forEachChild(r, resourceEnd, 2, (scopeEnd) =>
        forEachChild(r, scopeEnd, 2, (itemEnd) => voteOnItem(r, itemEnd, votes))));
  } catch {
    return 'unknown';
  }
  const best = (['traces', 'logs', 'metrics'] as const).slice().sort((a, b) => votes[b] - votes[a])[0];
  if (votes[best] > 0) return best;
  // No times anywhere, only fields a gauge/histogram/summary has: spans and log records from real
  // exporters always carry times, so these are metrics.
  return votes.weakMetrics > 0 ? 'metrics' : 'unknown';
}

/** Calls `visit` for each length-delimited child `field` (reader positioned inside it); skips the rest. */
function forEachChild(r: Reader, end: number, field: number, visit: (childEnd: number) => void): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((field << 3) | LD)) {
      const childEnd = messageEnd(r);
      visit(childEnd);
      r.pos = childEnd;
    } else {
      skipField(r, tag);
    }
  }
}

interface Votes {
  traces: number;
  logs: number;
  metrics: number;
  weakMetrics: number;
}

function voteOnItem(r: Reader, end: number, votes: Votes): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === I64 && (field === 7 || field === 8)) votes.traces++;
    else if (wireType === I64 && (field === 1 || field === 11)) votes.logs++;
    // Only a metric has length-delimited 7 (sum) or 10 (exponential histogram). Length-delimited
    // 5, 9 and 11 are also a span's name, attributes and events (or a log's body), so a gauge,
    // histogram or summary only counts when no item carried times (see the end of the sniff).
    else if (wireType === LD && (field === 7 || field === 10)) votes.metrics++;
    else if (wireType === LD && (field === 5 || field === 9 || field === 11)) votes.weakMetrics++;
    skipField(r, tag);
  }
}
