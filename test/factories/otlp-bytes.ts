/**
 * OTLP protobuf written field by field (protobufjs Writer), for payloads no SDK would produce:
 * ids of any length, AnyValues nested thousands of levels deep. Field numbers are those of
 * opentelemetry/proto trace/v1, common/v1 and collector/trace/v1.
 */
import { Writer } from 'protobufjs/minimal';

export interface RawSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  startNs?: bigint;
  endNs?: bigint;
  /** Already-encoded KeyValue messages. */
  attributes?: Uint8Array[];
}

const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

export function keyValue(key: string, anyValue: Uint8Array): Uint8Array {
  return Writer.create().uint32(tag(1, LEN)).string(key).uint32(tag(2, LEN)).bytes(anyValue).finish();
}

export function stringValue(text: string): Uint8Array {
  return Writer.create().uint32(tag(1, LEN)).string(text).finish();
}

function span(s: RawSpan): Uint8Array {
  const w = Writer.create().uint32(tag(1, LEN)).bytes(s.traceId).uint32(tag(2, LEN)).bytes(s.spanId);
  if (s.parentSpanId) w.uint32(tag(4, LEN)).bytes(s.parentSpanId);
  w.uint32(tag(5, LEN)).string(s.name);
  const start = s.startNs ?? 1_764_190_000_000_000_000n;
  const end = s.endNs ?? start + 5_000_000n;
  // fixed64 times: protobufjs takes Long-like {low, high} for 64-bit values.
  w.uint32(tag(7, 1)).fixed64({ low: Number(start & 0xffffffffn), high: Number(start >> 32n), unsigned: true } as never);
  w.uint32(tag(8, 1)).fixed64({ low: Number(end & 0xffffffffn), high: Number(end >> 32n), unsigned: true } as never);
  for (const kv of s.attributes ?? []) w.uint32(tag(9, LEN)).bytes(kv);
  return w.finish();
}

/** ExportTraceServiceRequest with one resource (service.name) and one scope holding `spans`. */
export function traceRequest(spans: RawSpan[], service = 'robustness'): Uint8Array {
  const resource = Writer.create().uint32(tag(1, LEN)).bytes(keyValue('service.name', stringValue(service))).finish();
  const scope = Writer.create().uint32(tag(1, LEN)).string('robustness-scope').finish();
  const scopeSpans = Writer.create().uint32(tag(1, LEN)).bytes(scope);
  for (const s of spans) scopeSpans.uint32(tag(2, LEN)).bytes(span(s));
  const resourceSpans = Writer.create().uint32(tag(1, LEN)).bytes(resource).uint32(tag(2, LEN)).bytes(scopeSpans.finish()).finish();
  return Writer.create().uint32(tag(1, LEN)).bytes(resourceSpans).finish();
}

const varintLength = (n: number) => {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
};

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/**
 * An AnyValue that is an array holding an array holding … `depth` times, around a string. Written
 * outside-in from precomputed lengths: building it inside-out by concatenation would copy
 * O(depth²) bytes.
 */
export function nestedArrayValue(depth: number, leaf = 'leaf'): Uint8Array {
  const leafBytes = stringValue(leaf);
  // lengths[i]: size of the AnyValue at nesting level i (0 = the leaf).
  const lengths = [leafBytes.length];
  for (let i = 1; i <= depth; i++) {
    const inner = lengths[i - 1];
    const arrayValue = 1 + varintLength(inner) + inner; // ArrayValue { values = 1 }
    lengths.push(1 + varintLength(arrayValue) + arrayValue); // AnyValue { array_value = 5 }
  }
  const head: number[] = [];
  for (let i = depth; i >= 1; i--) {
    const inner = lengths[i - 1];
    head.push(tag(5, LEN));
    varint(1 + varintLength(inner) + inner, head);
    head.push(tag(1, LEN));
    varint(inner, head);
  }
  return Buffer.concat([Buffer.from(head), leafBytes]);
}

/** The same nesting in OTLP/JSON. */
export function nestedArrayValueJson(depth: number, leaf = 'leaf'): string {
  return '{"arrayValue":{"values":['.repeat(depth) + JSON.stringify({ stringValue: leaf }) + ']}}'.repeat(depth);
}

export const hexBytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');
