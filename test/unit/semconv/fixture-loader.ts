/**
 * Loads captured real-library payloads from test/fixtures/<family>/ (described by its
 * captures.json) and runs them through decode → join logs to spans → normalize.
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import { normalizeSpan } from '../../../src/engine/semconv';
import type { NormalizedFields } from '../../../src/protocol/trace-json';
import { rollupTrace } from '../../../src/engine/semconv/rollup';
import { linkToolCalls } from '../../../src/analysis/tool-links';
import { callFingerprint, type CallRecord } from '../../../src/engine/semconv/duplicate-calls';

/** The repository root, from out/test/unit/semconv (compiled) or test/unit/semconv (source). */
const ROOT = join(__dirname, __dirname.includes(`${join('out', 'test')}`) ? '../../../..' : '../../..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

interface CaptureEntry {
  file: string;
  signal: 'traces' | 'logs' | 'metrics';
  encoding: 'protobuf' | 'json';
  compression?: string;
  description?: string;
  /** Bad files the decoder must reject: not normalizer input. */
  expectError?: boolean;
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

/**
 * Every capture of a family: one entry per traces file, with all log files of the family joined by
 * span id. Throws when the family has no captures.json or it lists no traces: a renamed folder or
 * an emptied manifest must fail the tests that use it, not skip them.
 */
export function loadFamily(family: string): LoadedFixture[] {
  const capturesFile = join(FIXTURES, family, 'captures.json');
  if (!existsSync(capturesFile)) throw new Error(`fixture family '${family}': ${capturesFile} is missing`);
  const captures = JSON.parse(readFileSync(capturesFile, 'utf8')) as { entries: CaptureEntry[] };
  const logs: DecodedLogRecord[] = [];
  for (const e of captures.entries) {
    if (e.signal !== 'logs' || e.expectError) continue;
    logs.push(...decodeLogs(body(join(FIXTURES, family, e.file), e.compression), e.encoding).items);
  }
  const out: LoadedFixture[] = [];
  for (const e of captures.entries) {
    if (e.signal !== 'traces' || e.expectError) continue;
    const decoded = decodeTraces(body(join(FIXTURES, family, e.file), e.compression), e.encoding).items;
    const spans = decoded.map((span) => ({
      ...normalizeSpan(span, logs.filter((l) => l.spanId === span.spanId && l.traceId === span.traceId)),
      span,
    }));
    out.push({ file: e.file, description: e.description, spans });
  }
  if (out.length === 0) throw new Error(`fixture family '${family}': captures.json lists no traces`);
  return out;
}

/** The index-th span of that name in start order (asserts it exists). */
export function spanNamed(f: LoadedFixture, name: string, index = 0): NormalizedSpan {
  const found = f.spans.filter((s) => s.span.name === name).sort((a, b) => a.span.startTimeUnixMs - b.span.startTimeUnixMs)[index];
  assert.ok(found, `span "${name}" #${index} in ${f.file}`);
  return found;
}

/** The first text part of a message. */
export function textOf(n: NormalizedFields, side: 'input' | 'output', message: number): string {
  const part = n[side]?.messages[message]?.parts.find((p) => p.type === 'text');
  return part && part.type === 'text' ? part.text : '';
}

/** The call fields the store keeps for each span (so one call recorded twice is counted once). */
export function callRecord(s: NormalizedSpan): CallRecord {
  return {
    spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, kind: s.kind, startTimeUnixMs: s.span.startTimeUnixMs,
    durationMs: s.span.endTimeUnixMs - s.span.startTimeUnixMs, model: s.model ?? s.requestModel, usage: s.usage,
    inputKey: s.kind === 'llm' || s.kind === 'embedding' ? callFingerprint(s) : undefined,
  };
}

export function rollupOf(f: LoadedFixture) {
  return rollupTrace(f.spans.map((s) => ({ ...callRecord(s), costUsd: s.costUsd })));
}

export function linksOf(f: LoadedFixture) {
  return linkToolCalls(f.spans.map((s) => ({ ...s, spanId: s.span.spanId, parentSpanId: s.span.parentSpanId, startTimeUnixMs: s.span.startTimeUnixMs })));
}

export function fixtureWhere(list: LoadedFixture[], descriptionPrefix: string): LoadedFixture {
  const f = list.find((x) => x.description?.startsWith(descriptionPrefix));
  assert.ok(f, `fixture "${descriptionPrefix}"`);
  return f;
}
