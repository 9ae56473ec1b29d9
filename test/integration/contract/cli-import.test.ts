/**
 * `tracelight import FILE... --json` on every fixture of the manifest, checked from outside as a
 * user's script would: the exit code, Trace JSON v1 without violations, every span of the file
 * present once with its parent, models and usage where the payload has them, trace usage equal to
 * the documented rollup of the spans' usage, trace time range / status / name consistent with its
 * spans, log-borne messages joined to their spans.
 *
 * Run: npm run build && npm run compile-tests && node --test out/test/integration/contract/
 */
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { before, test } from 'node:test';
import { createGzip } from 'node:zlib';
import { checkTraceJson } from '../../support/trace-json-check';
import type { TraceJsonDocument, TraceJsonSpan } from '../../../src/protocol/trace-json';
import { carriesTokenCounts, fixturePath, hasInvalidIds, manifest, payloadLogs, payloadSpans, type ManifestEntry, type PayloadSpan } from '../../factories/fixture-payloads';
import { assertBuilt, tracelight } from './installed-cli';
import { expectedTraceUsage, topMostUsage } from './usage-rollup';

const entries = manifest();
const traceFiles = entries.filter((e) => !e.expectError && e.signal === 'traces');
const badFiles = entries.filter((e) => e.expectError);

/**
 * Known failures, reported to the owners; each test still runs (as a todo) and shows the problem.
 * Remove an entry once it passes.
 */
const KNOWN: Record<string, string> = {};

/** The logs file of the same scenario ("chat: … (traces)" ↔ "chat: … (logs)"), when the family has one. */
function logsFor(entry: ManifestEntry): ManifestEntry[] {
  const scenario = entry.description.replace(/ \(traces\)$/, '');
  return entries.filter((e) => e.family === entry.family && e.signal === 'logs' && !e.expectError && e.description.replace(/ \(logs\)$/, '') === scenario);
}

async function importJson(files: string[]): Promise<{ doc: TraceJsonDocument; stderr: string; code: number | null }> {
  const run = await tracelight(['import', ...files, '--json']);
  assert.equal(run.signal, null, `killed by ${run.signal}\n${run.stderr}`);
  let doc: TraceJsonDocument;
  try {
    doc = JSON.parse(run.stdout) as TraceJsonDocument;
  } catch (error) {
    throw new Error(`stdout is not JSON (${(error as Error).message}); stderr:\n${run.stderr}`);
  }
  return { doc, stderr: run.stderr, code: run.code };
}

const key = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

function spansByKey(doc: TraceJsonDocument): Map<string, TraceJsonSpan & { traceId: string }> {
  const map = new Map<string, TraceJsonSpan & { traceId: string }>();
  for (const t of doc.traces) for (const s of t.spans ?? []) map.set(key(t.traceId, s.spanId), { ...s, traceId: t.traceId });
  return map;
}

/** A log body with message content (`content` or `tool_calls`, at any depth), as GenAI events carry it. */
function carriesContent(body: unknown, depth = 0): boolean {
  if (typeof body !== 'object' || body === null || depth > 5) return false;
  return Object.entries(body).some(([k, v]) => ((k === 'content' || k === 'tool_calls') && v !== '' && v !== null) || carriesContent(v, depth + 1));
}

/**
 * What the store shows of Logfire's pending spans (CONVENTIONS.md): a `pending_span` is a placeholder
 * for its parent, the real span, exported when the real span starts. It stands in the real span's
 * place (its id, the real span's parent `logfire.pending_parent_id`, its own name) until the real
 * span arrives, which replaces it; once the real span is there, the placeholder is not shown.
 */
function mergePendingSpans(spans: PayloadSpan[]): PayloadSpan[] {
  const isPending = (s: PayloadSpan) => s.attributes['logfire.span_type'] === 'pending_span';
  const real = new Set(spans.filter((s) => !isPending(s)).map((s) => key(s.traceId, s.spanId)));
  const out: PayloadSpan[] = [];
  for (const s of spans) {
    if (!isPending(s)) out.push(s);
    else if (s.parentSpanId && !real.has(key(s.traceId, s.parentSpanId))) {
      const parent = s.attributes['logfire.pending_parent_id'];
      out.push({ ...s, spanId: s.parentSpanId, parentSpanId: typeof parent === 'string' ? parent : null });
    }
  }
  return out;
}

before(assertBuilt);

for (const entry of traceFiles) {
  const logs = logsFor(entry);
  const label = `${entry.path}${logs.length > 0 ? ` + ${logs.map((l) => l.path).join(' + ')}` : ''}`;
  test(`import ${label}`, { todo: KNOWN[entry.path] }, async () => {
    const { doc, stderr, code } = await importJson([fixturePath(entry), ...logs.map(fixturePath)]);
    assert.equal(code, 0, `exit code; stderr:\n${stderr}`);
    assert.deepEqual(checkTraceJson(doc), [], 'Trace JSON v1 violations');

    const payload = await payloadSpans(entry);
    const valid = mergePendingSpans(payload.filter((s) => !hasInvalidIds(s)));
    const expected = new Map(valid.map((s) => [key(s.traceId, s.spanId), s]));
    const got = spansByKey(doc);
    const missing = [...expected.keys()].filter((k) => !got.has(k));
    assert.deepEqual(missing, [], 'spans of the file missing from the output');
    const invented = [...got.keys()].filter((k) => !expected.has(k));
    assert.deepEqual(invented, [], 'spans in the output that the file does not have');
    const totalSpans = doc.traces.reduce((n, t) => n + (t.spans?.length ?? 0), 0);
    assert.equal(totalSpans, expected.size, 'each span once (a span id sent twice is stored once)');

    for (const [k, s] of expected) {
      const out = got.get(k)!;
      // The payload's parent, as sent; an absent or all-zero parent id makes a root, and so does a
      // span naming itself as its parent (Trace JSON is a tree).
      const parent = s.parentSpanId && !/^0+$/.test(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : null;
      assert.equal(out.parentSpanId, parent, `parent of ${s.name} (${k})`);
      // Logfire names spans by their message template (or a shorter form of the message); the
      // filled-in message is the name shown.
      const template = s.attributes['logfire.msg_template'];
      const message = s.attributes['logfire.msg'];
      const shown = typeof message === 'string' && message !== '' && (s.name === template || message.includes(s.name)) ? message : s.name;
      assert.equal(out.name, shown, `name of ${k}`);
      if (carriesTokenCounts(s)) {
        const u = out.usage;
        assert.ok(u && (u.inputTokens !== undefined || u.outputTokens !== undefined || u.totalTokens !== undefined), `usage of ${s.name} (${k}): the payload has token counts`);
      }
      if (!entry.handwritten && out.kind === 'llm') assert.ok(out.model ?? out.requestModel, `model of the llm span ${s.name} (${k})`);
    }

    for (const t of doc.traces) {
      const spans = t.spans ?? [];
      // Trace fields derived from its spans: the whole time range, errors, the root's name.
      const start = Math.min(...spans.map((s) => s.startTimeUnixMs));
      const end = Math.max(...spans.map((s) => s.startTimeUnixMs + s.durationMs));
      assert.ok(Math.abs(t.startTimeUnixMs - start) < 1e-3, `start of ${t.traceId}: ${t.startTimeUnixMs} vs earliest span ${start}`);
      assert.ok(Math.abs(t.durationMs - (end - start)) < 1e-2, `duration of ${t.traceId}: ${t.durationMs} vs span range ${end - start}`);
      assert.equal(t.status, spans.some((s) => s.status === 'error') ? 'error' : 'ok', `status of ${t.traceId}`);
      const roots = spans.filter((s) => s.parentSpanId === null);
      if (roots.length === 1) assert.equal(t.name, roots[0].name, `name of ${t.traceId} is its root's`);
      if (t.sessionId !== undefined) assert.ok(spans.some((s) => s.sessionId === t.sessionId), `session ${t.sessionId} comes from a span`);
      const sent = valid.filter((s) => s.traceId === t.traceId);
      assert.equal(t.spanCount, new Set(sent.map((s) => s.spanId)).size, `spanCount of ${t.traceId}`);
      assert.deepEqual(t.usage, expectedTraceUsage(t), `usage of trace ${t.traceId} (documented rollup of its spans)`);
      for (const s of spans) {
        if (s.duplicateOf === undefined) continue;
        const leader = spans.find((x) => x.spanId === s.duplicateOf);
        assert.ok(leader?.alsoRecordedBy?.includes(s.spanId), `${s.name} is a duplicate of ${s.duplicateOf}, which lists it in alsoRecordedBy`);
      }
      const top = topMostUsage(t);
      assert.ok(t.usage.totalTokens >= top.totalTokens && t.usage.inputTokens >= top.inputTokens && t.usage.outputTokens >= top.outputTokens,
        `usage of trace ${t.traceId} is below the top-most spans' usage ${JSON.stringify(top)}`);
    }

    for (const logEntry of logs) {
      for (const log of await payloadLogs(logEntry)) {
        if (!log.traceId || !log.spanId) continue;
        const span = got.get(key(log.traceId, log.spanId));
        assert.ok(span, `the span of log record ${log.eventName} (${log.spanId})`);
        const where = `${span.name}: log record ${log.eventName}`;
        // With content capture off the records still arrive, without content: nothing to show then.
        const hasBody = carriesContent(log.body);
        const role = hasBody && /^gen_ai\.(system|user|assistant|tool)\.message$/.exec(log.eventName ?? '')?.[1];
        if (role) assert.ok(span.input?.messages.some((m) => m.role === role), `${where} → an input message with role ${role}`);
        if (hasBody && log.eventName === 'gen_ai.choice') assert.ok((span.output?.messages.length ?? 0) > 0, `${where} → an output message`);
        const content = typeof log.body === 'object' && log.body !== null ? (log.body as Record<string, unknown>).content : undefined;
        if (typeof content === 'string' && content.length > 0) {
          const texts = [...(span.input?.messages ?? []), ...(span.output?.messages ?? [])].flatMap((m) => m.parts.map((p) => ('text' in p ? p.text : 'result' in p ? p.result : '')));
          assert.ok(texts.some((text) => text.includes(content)), `${where}: its content ${JSON.stringify(content.slice(0, 60))} appears in the span's messages`);
        }
      }
    }
  });
}

for (const entry of badFiles) {
  test(`import ${entry.path} fails cleanly`, async () => {
    const { doc, stderr, code } = await importJson([fixturePath(entry)]);
    assert.equal(code, 1, `exit code; stderr:\n${stderr}`);
    assert.ok(stderr.includes(entry.path), `stderr names the file:\n${stderr}`);
    assert.doesNotMatch(stderr, /^\s+at /m, 'a message, not a stack trace');
    assert.deepEqual(checkTraceJson(doc), []);
    assert.equal(doc.traces.length, 0);
  });
}

test('several files with a broken one: non-zero exit, the broken file named, the good files imported', async () => {
  const good = [entries.find((e) => e.path === 'genkit/001-traces.pb'), entries.find((e) => e.path === 'openinference/005-traces.pb')];
  const broken = entries.find((e) => e.path === 'handwritten/truncated.pb');
  assert.ok(good[0] && good[1] && broken, 'the fixtures this test names');
  const { doc, stderr, code } = await importJson([fixturePath(good[0]), fixturePath(broken), fixturePath(good[1])]);
  assert.notEqual(code, 0);
  assert.ok(stderr.includes(broken.path), `stderr names the broken file:\n${stderr}`);
  assert.ok(!stderr.includes(good[0].path) && !stderr.includes(good[1].path), `stderr blames only the broken file:\n${stderr}`);
  assert.deepEqual(checkTraceJson(doc), []);
  const expected = new Set([...(await payloadSpans(good[0])), ...(await payloadSpans(good[1]))].map((s) => s.traceId));
  assert.deepEqual(new Set(doc.traces.map((t) => t.traceId)), expected);
  const spans = doc.traces.reduce((n, t) => n + (t.spans?.length ?? 0), 0);
  assert.equal(spans, (await payloadSpans(good[0])).length + (await payloadSpans(good[1])).length);
});

/** `megabytes` MB of zeros, gzip-compressed into `file` chunk by chunk (~1 KB per MB on disk). */
async function writeGzipBomb(file: string, megabytes: number): Promise<void> {
  const zeros = Buffer.alloc(1024 * 1024);
  let left = megabytes;
  const source = new Readable({ read() { this.push(left-- > 0 ? zeros : null); } });
  await pipeline(source, createGzip({ level: 9 }), createWriteStream(file));
}

test('a .pb.gz file that inflates past the body limit (64 MB) is refused as too large', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelight-bomb-'));
  try {
    const file = join(dir, 'bomb-traces.pb.gz');
    await writeGzipBomb(file, 80);
    const run = await tracelight(['import', file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /limit|too large|exceeds/i, run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
