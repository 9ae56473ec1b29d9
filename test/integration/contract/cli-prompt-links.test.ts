/**
 * `tracelight import --json --workspace DIR [--path-map FROM=TO]` checked against the ground truth
 * declared by the generator of the prompt-links fixtures (expected.json): every input message of
 * every model call links to the declared file and lines, or to nothing for runtime input. Also the
 * contract on every other fixture of the manifest: valid Trace JSON, links only to workspace files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkTraceJson } from '../../support/trace-json-check';
import type { SourceRange, TraceJsonDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { FIXTURES, fixturePath, manifest } from '../../factories/fixture-payloads';
import { assertBuilt, tracelight } from './installed-cli';

const WORKSPACE = join(FIXTURES, 'prompt-workspace');
const FAMILY_DIR = join(FIXTURES, 'prompt-links');
interface Expected {
  runRoots: Record<string, string>;
  calls: Record<string, (SourceRange | null)[]>;
  contributors: Record<string, Record<string, SourceRange[]>>;
  runtimeInputs: Record<string, Record<string, unknown>>;
}
const expected = JSON.parse(readFileSync(join(FAMILY_DIR, 'expected.json'), 'utf8')) as Expected;
const payloads = manifest().filter((e) => e.family === 'prompt-links').map(fixturePath);

async function importJson(args: string[]): Promise<TraceJsonDocument> {
  const run = await tracelight(['import', ...args, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.deepEqual(checkTraceJson(doc), []);
  return doc;
}

/** Each model call (an LLM span) with the name of the call its ground truth is declared under. */
function calls(doc: TraceJsonDocument): { key: string; span: TraceJsonSpan; callSite: TraceJsonSpan }[] {
  const out: { key: string; span: TraceJsonSpan; callSite: TraceJsonSpan }[] = [];
  for (const trace of doc.traces) {
    const byId = new Map((trace.spans ?? []).map((s) => [s.spanId, s]));
    for (const span of trace.spans ?? []) {
      if (span.kind !== 'llm' || !span.input) continue;
      let site: TraceJsonSpan | undefined = span;
      while (site && !site.code) site = site.parentSpanId ? byId.get(site.parentSpanId) : undefined;
      assert.ok(site, `${span.name} has no call site`);
      out.push({ key: site === span ? `py:${span.code!.line}` : site.name, span, callSite: site });
    }
  }
  return out;
}

let linked: TraceJsonDocument;
before(async () => {
  assertBuilt();
  linked = await importJson([...payloads, '--workspace', WORKSPACE, '--path-map', `${expected.runRoots.support}=.`]);
});

test('every input message of every fixture call links to the declared file and lines, or to nothing', () => {
  const found = calls(linked);
  assert.deepEqual([...new Set(found.map((c) => c.key))].sort(), Object.keys(expected.calls).sort());
  let messages = 0;
  for (const { key, span } of found) {
    const want = expected.calls[key];
    assert.equal(span.input!.messages.length, want.length, key);
    span.input!.messages.forEach((m, i) => {
      messages++;
      const got = m.source ? { path: m.source.path, startLine: m.source.startLine, endLine: m.source.endLine } : null;
      assert.deepEqual(got, want[i], `${key} message ${i}`);
      if (m.source) assert.ok(m.source.confidence >= 0.9 && m.source.candidates === undefined, `${key} ${i}: ${JSON.stringify(m.source)}`);
    });
  }
  assert.ok(messages >= 30);
});

test('a message built from two constants names the second as a contributor', () => {
  for (const { key, span } of calls(linked)) {
    for (const [index, contributors] of Object.entries(expected.contributors[key] ?? {})) {
      assert.deepEqual(span.input!.messages[Number(index)].source?.contributors, contributors, key);
    }
  }
});

test('call sites recorded under other roots gain code.workspacePath; the Python one is relative', () => {
  for (const { key, callSite } of calls(linked)) {
    const file = callSite.code!.file!;
    const rel = file.startsWith('/') ? file.replace(/^\/tmp\/(acme-app|home\/dev\/acme-support)\//, '') : file;
    assert.equal(callSite.code!.workspacePath, rel, key);
  }
});

test('no runtime input text ever carries a link', () => {
  const runtime = Object.values(expected.runtimeInputs).flatMap((inputs) => Object.values(inputs)).flat()
    .filter((v): v is string => typeof v === 'string' && v.length > 15);
  for (const { span } of calls(linked)) {
    for (const m of span.input!.messages) {
      const text = m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n').trim();
      if (runtime.includes(text)) assert.equal(m.source, undefined, text);
    }
  }
});

test('without --workspace there is no source and no workspacePath', async () => {
  const plain = await importJson(payloads);
  // Checked field by field: other parts of Trace JSON have a `source` of their own (cost.source).
  const spans = plain.traces.flatMap((t) => t.spans ?? []);
  assert.ok(spans.some((s) => (s.input?.messages.length ?? 0) > 0), 'the fixtures carry input messages');
  for (const span of spans) {
    for (const m of span.input?.messages ?? []) assert.equal(m.source, undefined, span.name);
    assert.equal(span.code?.workspacePath, undefined, span.name);
  }
});

test('every fixture of the manifest imports with --workspace: valid Trace JSON, links only to indexed workspace files', async () => {
  const others = manifest().filter((e) => !e.expectError && e.family !== 'prompt-links').map(fixturePath);
  const doc = await importJson([...others, '--workspace', WORKSPACE]);
  for (const trace of doc.traces) {
    for (const span of trace.spans ?? []) {
      for (const m of span.input?.messages ?? []) {
        if (!m.source) continue;
        assert.doesNotMatch(m.source.path, /(^|\/)(node_modules|\.venv|dist|generated)\//);
        assert.ok(readFileSync(join(WORKSPACE, m.source.path), 'utf8').split('\n').length >= m.source.endLine);
      }
    }
  }
});

test('bad arguments: --path-map without =, --workspace that is not a folder', async () => {
  const noEq = await tracelight(['import', payloads[0], '--json', '--workspace', WORKSPACE, '--path-map', 'nothing']);
  assert.equal(noEq.code, 2);
  assert.match(noEq.stderr, /FROM=TO/);
  const notDir = await tracelight(['import', payloads[0], '--json', '--workspace', join(WORKSPACE, 'README.md')]);
  assert.equal(notDir.code, 2);
  assert.match(notDir.stderr, /is not a folder/);
});
