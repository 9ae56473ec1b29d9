/**
 * The synthetic OTLP/JSON requests (warm-up-spans.ts) as OTLP/protobuf bytes, the encoding most SDKs
 * send, so the engine's protobuf decoder runs on them too. Writes only the fields those requests use
 * (opentelemetry/proto/trace/v1/trace.proto, common/v1/common.proto).
 */
import type { OtlpJsonRequest, OtlpJsonSpan, OtlpJsonValue } from './warm-up-spans';

const encoder = new TextEncoder();

/** A protobuf message being written into a growing buffer; nested messages are written apart and embedded. */
class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.buffer[this.length++] = value;
  }

  private varint(value: number): void {
    this.room(10);
    let v = value;
    while (v > 0x7f) {
      this.byte((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  raw(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.room(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, encoder.encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.raw(field, value.finish());
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 8).setFloat64(0, value, true);
    this.length += 8;
    return this;
  }

  /** A fixed64 from its decimal text (times in nanoseconds exceed 2^53). */
  fixed64(field: number, decimal: string): this {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 8).setBigUint64(0, BigInt(decimal), true);
    this.length += 8;
    return this;
  }

  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));

function anyValue(value: OtlpJsonValue): ProtoWriter {
  const w = new ProtoWriter();
  if (value.stringValue !== undefined) return w.string(1, value.stringValue);
  if (value.boolValue !== undefined) return w.uint(2, value.boolValue ? 1 : 0);
  if (value.intValue !== undefined) return w.uint(3, Number(value.intValue));
  if (value.doubleValue !== undefined) return w.double(4, value.doubleValue);
  const list = new ProtoWriter();
  for (const item of value.arrayValue?.values ?? []) list.message(1, anyValue(item));
  return w.message(5, list);
}

function keyValues(w: ProtoWriter, field: number, attributes: Array<{ key: string; value: OtlpJsonValue }>): void {
  for (const { key, value } of attributes) w.message(field, new ProtoWriter().string(1, key).message(2, anyValue(value)));
}

function span(s: OtlpJsonSpan): ProtoWriter {
  const w = new ProtoWriter().raw(1, hexBytes(s.traceId)).raw(2, hexBytes(s.spanId));
  if (s.parentSpanId) w.raw(4, hexBytes(s.parentSpanId));
  w.string(5, s.name).uint(6, s.kind).fixed64(7, s.startTimeUnixNano).fixed64(8, s.endTimeUnixNano);
  keyValues(w, 9, s.attributes);
  for (const event of s.events) {
    const e = new ProtoWriter().fixed64(1, event.timeUnixNano).string(2, event.name);
    keyValues(e, 3, event.attributes);
    w.message(11, e);
  }
  const status = new ProtoWriter();
  if (s.status.message) status.string(2, s.status.message);
  if (s.status.code) status.uint(3, s.status.code);
  return w.message(15, status);
}

/** The request as an ExportTraceServiceRequest in protobuf. */
export function warmUpProtobuf(request: OtlpJsonRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const resourceSpans of request.resourceSpans) {
    const resource = new ProtoWriter();
    keyValues(resource, 1, resourceSpans.resource.attributes);
    const rs = new ProtoWriter().message(1, resource);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const ss = new ProtoWriter().message(1, new ProtoWriter().string(1, scopeSpans.scope.name).string(2, scopeSpans.scope.version));
      for (const s of scopeSpans.spans) ss.message(2, span(s));
      rs.message(2, ss);
    }
    w.message(1, rs);
  }
  return w.finish();
}
