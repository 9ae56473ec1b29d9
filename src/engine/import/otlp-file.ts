/**
 * Reads OTLP payloads from files, for `importFiles` and `tracelight import`:
 *   - protobuf `.pb` / `.bin` (an ExportTraceServiceRequest or ExportLogsServiceRequest; the signal
 *     is sniffed from the bytes, or taken from a `traces` / `logs` hint in the file name);
 *   - OTLP/JSON `.json` (one request);
 *   - OTLP JSON Lines `.jsonl` (the OpenTelemetry Collector's file exporter: one request per line,
 *     traces and logs mixed). The Collector also writes such files with a `.json` name, so a `.json`
 *     file that is not one JSON document is read as JSON Lines;
 *   - each optionally gzip-compressed (`.gz`, or gzip bytes under any name).
 * Problems are collected per file and per line; every good line is still decoded. Items go to the
 * sink as each request is decoded (a JSON Lines file of any size is stored line by line, never held
 * whole as decoded objects).
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { DecodedLogRecord, DecodedSpan, DecodeResult } from '../model';
import { decodeLogs, decodeLogsJsonValue, decodeTraces, decodeTracesJsonValue, sniffProtobufSignal } from '../otlp';

const gunzipAsync = promisify(gunzip);

export interface OtlpFileSink {
  spans(items: DecodedSpan[]): void;
  logs(items: DecodedLogRecord[]): void;
}

export interface OtlpFileContents {
  file: string;
  /** Items decoded and handed to the sink. */
  spans: number;
  logs: number;
  /** Items the decoder rejected (invalid ids, ...). */
  rejectedSpans: number;
  rejectedLogs: number;
  /** Requests that carried metrics (acknowledged, not stored). */
  metricsRequests: number;
  /** Why the file, or a line of it, could not be read (naming the line for JSON Lines). */
  errors: string[];
  /** Items the decoder rejected inside otherwise good requests (invalid ids, ...), with reasons. */
  warnings: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Format = 'protobuf' | 'json' | 'jsonl';

/** JSON is decoded from one string; V8 strings stop at about 2^29 characters. */
const MAX_TEXT_BYTES = 512 * 1024 * 1024;

export interface OtlpFileOptions {
  /** The limit for one protobuf request, as for the receiver (EngineConfig.maxBodyBytes). */
  maxRequestBytes: number;
}

function formatFromName(name: string): Format | undefined {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.pb' || ext === '.bin' || ext === '.protobuf') return 'protobuf';
  return undefined;
}

/** Unknown extension: JSON starts with '{' (after whitespace or a BOM); a protobuf request does not. */
function sniffFormat(bytes: Uint8Array): Format {
  return /^\uFEFF?\s*\{/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8')) ? 'json' : 'protobuf';
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

export async function readOtlpFile(file: string, sink: OtlpFileSink, options: OtlpFileOptions): Promise<OtlpFileContents> {
  const out: OtlpFileContents = { file, spans: 0, logs: 0, rejectedSpans: 0, rejectedLogs: 0, metricsRequests: 0, errors: [], warnings: [] };
  const gzName = path.basename(file).toLowerCase().endsWith('.gz');
  const name = gzName ? path.basename(file).slice(0, -3) : path.basename(file);
  const named = formatFromName(name);
  // One protobuf request is held whole, as the receiver holds a body: the same limit applies.
  // Limits are checked before reading and while inflating, so a small gzip bomb cannot take the
  // engine to its memory limit.
  const limit = named === 'protobuf' ? options.maxRequestBytes : MAX_TEXT_BYTES;
  let bytes: Uint8Array;
  try {
    const size = (await stat(file)).size;
    if (size > limit) {
      out.errors.push(`the file is ${megabytes(size)}, more than the ${megabytes(limit)} limit`);
      return out;
    }
    bytes = await readFile(file);
  } catch (error) {
    out.errors.push(`cannot read the file: ${messageOf(error)}`);
    return out;
  }
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      const tooLarge = error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      out.errors.push(tooLarge ? `decompresses to more than the ${megabytes(limit)} limit` : `not valid gzip data: ${messageOf(error)}`);
      return out;
    }
  } else if (gzName) {
    out.errors.push('the name ends in .gz but the content is not gzip-compressed');
    return out;
  }
  if (bytes.length === 0) {
    out.errors.push('the file is empty');
    return out;
  }
  const format = named ?? sniffFormat(bytes);
  if (format === 'protobuf' && bytes.length > options.maxRequestBytes) {
    out.errors.push(`the request is ${megabytes(bytes.length)}, more than the ${megabytes(options.maxRequestBytes)} limit`);
    return out;
  }
  const reader = new RequestReader(out, sink);
  if (format === 'protobuf') {
    reader.protobuf(bytes, name);
  } else {
    // A UTF-8 byte order mark (editors on Windows add one) is not JSON.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
    if (format === 'jsonl') reader.jsonLines(text);
    else reader.json(text);
  }
  return out;
}

/** Decodes requests into the sink, counting and collecting problems into `out`. */
class RequestReader {
  constructor(private readonly out: OtlpFileContents, private readonly sink: OtlpFileSink) {}

  private traces(result: DecodeResult<DecodedSpan>, where: string): void {
    this.out.spans += result.items.length;
    this.out.rejectedSpans += result.rejected;
    if (result.items.length > 0) this.sink.spans(result.items);
    this.rejections(result, where);
  }

  private logRecords(result: DecodeResult<DecodedLogRecord>, where: string): void {
    this.out.logs += result.items.length;
    this.out.rejectedLogs += result.rejected;
    if (result.items.length > 0) this.sink.logs(result.items);
    this.rejections(result, where);
  }

  private rejections(result: DecodeResult<unknown>, where: string): void {
    // Like the receiver's partial success: the good items of the request are kept, the file is not
    // "bad", and the rejections are reported.
    if (result.rejected > 0) this.out.warnings.push(`${where}${result.rejected} item(s) rejected: ${result.errors.join('; ') || 'invalid'}`);
  }

  protobuf(bytes: Uint8Array, name: string): void {
    let signal = sniffProtobufSignal(bytes);
    if (signal === 'unknown') {
      // An empty or ambiguous request: the file name is the only hint left.
      const lower = name.toLowerCase();
      if (/log/.test(lower)) signal = 'logs';
      else if (/trace|span/.test(lower)) signal = 'traces';
    }
    try {
      if (signal === 'traces') this.traces(decodeTraces(bytes, 'protobuf'), '');
      else if (signal === 'logs') this.logRecords(decodeLogs(bytes, 'protobuf'), '');
      else if (signal === 'metrics') this.out.metricsRequests++;
      else this.out.errors.push('not an OTLP traces or logs protobuf request (name the file *traces*.pb or *logs*.pb if it is one)');
    } catch (error) {
      this.out.errors.push(`not a valid OTLP protobuf request: ${messageOf(error)}`);
    }
  }

  /** Decodes one parsed JSON request; returns an error message, or null. */
  private jsonValue(value: unknown, where: string): string | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return 'not an OTLP/JSON request (expected an object with resourceSpans or resourceLogs)';
    }
    const keys = value as Record<string, unknown>;
    // Protobuf's JSON mapping also accepts the original snake_case field names (resource_spans, ...),
    // which some writers (Python's MessageToJson with preserving_proto_field_name) use.
    const has = (camel: string, snake: string): boolean => camel in keys || snake in keys;
    try {
      if (has('resourceSpans', 'resource_spans')) this.traces(decodeTracesJsonValue(value), where);
      else if (has('resourceLogs', 'resource_logs')) this.logRecords(decodeLogsJsonValue(value), where);
      else if (has('resourceMetrics', 'resource_metrics')) this.out.metricsRequests++;
      else if ('version' in keys && 'traces' in keys) return 'this is Trace JSON (an export of Tracelight), not an OTLP request';
      else return 'not an OTLP/JSON request (no resourceSpans or resourceLogs)';
    } catch (error) {
      return messageOf(error);
    }
    return null;
  }

  json(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // The Collector's file exporter writes JSON Lines, often under a .json name.
      if (text.trim().includes('\n')) {
        this.jsonLines(text);
        return;
      }
      this.out.errors.push(`invalid JSON: ${messageOf(error)}`);
      return;
    }
    const problem = this.jsonValue(value, '');
    if (problem) this.out.errors.push(problem);
  }

  jsonLines(text: string): void {
    let requests = 0;
    let lineStart = 0;
    // Walks the text line by line without splitting it into an array of (possibly huge) lines.
    for (let lineNumber = 1; lineStart < text.length; lineNumber++) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(lineStart, lineEnd).trim();
      lineStart = lineEnd + 1;
      if (line === '') continue;
      requests++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        this.out.errors.push(`line ${lineNumber}: invalid JSON: ${messageOf(error)}`);
        continue;
      }
      const problem = this.jsonValue(value, `line ${lineNumber}: `);
      if (problem) this.out.errors.push(`line ${lineNumber}: ${problem}`);
    }
    if (requests === 0) this.out.errors.push('no OTLP requests in the file (only empty lines)');
  }
}
