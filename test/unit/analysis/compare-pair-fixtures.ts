/**
 * The compare pairs (test/fixtures/compare-pairs): their declared intent, and their traces as the
 * real engine stores them (imported in process, read back as Trace JSON).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/protocol/engine-api';
import type { TraceJsonTrace } from '../../../src/protocol/trace-json';

const ROOT = join(__dirname, __dirname.includes(join('out', 'test')) ? '../../../..' : '../../..');
export const PAIRS_DIR = join(ROOT, 'test', 'fixtures', 'compare-pairs');

export interface DeclaredRun {
  files: string[];
  traceId: string;
  steps: Record<string, string>;
  stepUsage: Record<string, { model: string; promptTokens: number; completionTokens: number }>;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd: number;
  answer: string;
}

export interface DeclaredPair {
  a: string;
  b: string;
  changes: string[];
  messages?: Array<{ side: string; index: number; role: string; roleB?: string; change: string }>;
  model?: { a: string; b: string };
  status?: { a: string; b: string };
  documents?: { onlyInA: string[]; onlyInB: string[]; moved: unknown[]; scoreChanged: unknown[] };
}

export interface DeclaredComparison {
  name: string;
  difference: string;
  a: DeclaredRun;
  b: DeclaredRun;
  expect: { pairs: DeclaredPair[]; onlyInA: string[]; onlyInB: string[]; differences: string[]; semanticDifference: boolean };
}

export interface Intent {
  prices: Record<string, { input: number; output: number }>;
  pairs: DeclaredComparison[];
}

export const intent = JSON.parse(readFileSync(join(PAIRS_DIR, 'intent.json'), 'utf8')) as Intent;

/** Every pair's two traces, through the engine's own import path. */
export async function loadPairTraces(): Promise<Map<string, TraceJsonTrace>> {
  const engine = await Engine.create({ config: { ...DEFAULT_ENGINE_CONFIG, snapshotPath: null }, emit: () => undefined });
  try {
    const files = intent.pairs.flatMap((p) => [...p.a.files, ...p.b.files]).map((f) => join(PAIRS_DIR, f));
    const results = await engine.importFiles(files);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) throw new Error(`compare pairs did not import: ${failed.map((r) => r.file).join(', ')}`);
    const ids = intent.pairs.flatMap((p) => [p.a.traceId, p.b.traceId]);
    const doc = engine.queries.getTraceJson(ids);
    return new Map(doc.traces.map((t) => [t.traceId, t]));
  } finally {
    await engine.stop();
  }
}
