/**
 * Loads captured real-library payloads from test/fixtures/<family>/ (described by its
 * captures.json) and runs them through decode → join logs to spans → normalize.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import { normalizeSpan } from '../../../src/engine/semconv';
import type { NormalizedFields } from '../../../src/protocol/trace-json';

/** The repository root, from out/test/unit/semconv (compiled) or test/unit/semconv (source). */
const ROOT = join(__dirname, __dirname.includes(`${join('out', 'test')}`) ? '../../../..' : '../../..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

interface CaptureEntry {
  file: string;
  signal: 'traces' | 'logs' | 'metrics';
  encoding: 'protobuf' | 'json';
  compression?: string;
  description?: string;
}

export interface NormalizedSpan extends NormalizedFields {
  span: DecodedSpan;
}

export interface LoadedFixture {
  file: string;
  description?: string;
  spans: NormalizedSpan[];
}

export function hasFamily(family: string): boolean {
  return existsSync(join(FIXTURES, family, 'captures.json'));
}

function body(path: string, compression: string | undefined): Uint8Array {
  const raw = readFileSync(path);
  return compression === 'gzip' ? gunzipSync(raw) : raw;
}

/** Every capture of a family: one entry per traces file, with all log files of the family joined by span id. */
export function loadFamily(family: string): LoadedFixture[] {
  const captures = JSON.parse(readFileSync(join(FIXTURES, family, 'captures.json'), 'utf8')) as { entries: CaptureEntry[] };
  const logs: DecodedLogRecord[] = [];
  for (const e of captures.entries) {
    if (e.signal !== 'logs') continue;
    logs.push(...decodeLogs(body(join(FIXTURES, family, e.file), e.compression), e.encoding).items);
  }
  const out: LoadedFixture[] = [];
  for (const e of captures.entries) {
    if (e.signal !== 'traces') continue;
    const decoded = decodeTraces(body(join(FIXTURES, family, e.file), e.compression), e.encoding).items;
    const spans = decoded.map((span) => ({
      ...normalizeSpan(span, logs.filter((l) => l.spanId === span.spanId && l.traceId === span.traceId)),
      span,
    }));
    out.push({ file: e.file, description: e.description, spans });
  }
  return out;
}
