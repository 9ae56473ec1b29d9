/**
 * The ground truth of the Python fixtures (test/fixtures/python-<family>/ground-truth.json, written by
 * the generator): for each scenario, every request the fake model server answered (models, usage as
 * it reported it, tool calls, tool results) and what the app declared (tool results, document ids).
 * Tests compare Tracelight's reading of the captured payloads with this, never with its own output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, loadFamily, type LoadedFixture, type NormalizedSpan } from './fixture-loader';
import { duplicateCalls } from '../../../src/engine/semconv/duplicate-calls';
import { callRecord } from './fixture-loader';

export interface FakeCall {
  path: string;
  status: number;
  requestModel: string;
  servedModel?: string;
  roles?: string[];
  stream?: boolean;
  answer?: string | null;
  toolCalls?: { id: string; name: string; arguments: string }[];
  toolResults?: { id: string; content: string }[];
  usage?: { prompt_tokens: number; completion_tokens?: number; total_tokens: number; completion_tokens_details?: { reasoning_tokens: number } };
  error?: { message: string; code: string };
}

export interface Intent {
  tool?: string;
  arguments?: Record<string, unknown>;
  result?: string;
  documents?: string[];
  model?: string;
  answer?: string;
}

export interface Run {
  label: string;
  scenario: string;
  files: string[];
  intent: Intent[];
  calls: FakeCall[];
  /** The fixture (its traces file, log records joined) this run produced. */
  fixture: LoadedFixture;
}

export const PYTHON_FAMILIES = ['python-otel-openai-v2', 'python-openinference', 'python-openllmetry', 'python-logfire',
  'python-pydantic-ai', 'python-strands', 'python-openlit'];

/** Every run of a family with its fixture; throws when the family is missing (a test must not pass by skipping). */
export function runsOf(family: string): Run[] {
  const truth = JSON.parse(readFileSync(join(FIXTURES, family, 'ground-truth.json'), 'utf8')) as { runs: Omit<Run, 'fixture'>[] };
  const fixtures = loadFamily(family);
  return truth.runs.map((r) => {
    const traces = r.files.filter((f) => f.includes('-traces.'));
    assert.equal(traces.length, 1, `${family} ${r.label}: one traces file`);
    const fixture = fixtures.find((f) => f.file === traces[0]);
    assert.ok(fixture, `${family} ${r.label}: fixture ${traces[0]}`);
    return { ...r, fixture };
  });
}

export function runLabelled(runs: Run[], label: string): Run {
  const run = runs.find((r) => r.label === label);
  assert.ok(run, `run "${label}"`);
  return run;
}

/** The model calls as the trace reads them: llm spans that are not another span's duplicate, in start order. */
export function modelCalls(f: LoadedFixture): NormalizedSpan[] {
  const duplicates = duplicateCalls(f.spans.map(callRecord));
  return f.spans.filter((s) => s.kind === 'llm' && !duplicates.has(s.span.spanId)).sort((a, b) => a.span.startTimeUnixMs - b.span.startTimeUnixMs);
}

export const chatCalls = (r: Run): FakeCall[] => r.calls.filter((c) => c.path.endsWith('/chat/completions'));

/** What the fake server reported, summed over the run (embeddings have input tokens only). */
export function reportedTokens(r: Run): { inputTokens: number; outputTokens: number } {
  let input = 0;
  let output = 0;
  for (const c of r.calls) {
    input += c.usage?.prompt_tokens ?? 0;
    output += c.usage?.completion_tokens ?? 0;
  }
  return { inputTokens: input, outputTokens: output };
}
