import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { logsJson, logsProtobuf, recordLogs, recordSpans, tracesJson, tracesProtobuf } from '../../factories/otlp-payloads';
import type { TraceJsonDocument } from '../../../src/protocol/trace-json';
import { runCli } from './run-cli';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tracelight-cli-'));
});

function oneTrace(name: string, children = 1): ReadableSpan[] {
  return recordSpans((tracer) => {
    const root = tracer.startSpan(name);
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < children; i++) tracer.startSpan(`${name} child ${i}`, {}, ctx).end();
    root.end();
  });
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const traceId = (spans: ReadableSpan[]) => spans[0].spanContext().traceId;

test('import --json reads .pb, .json, .jsonl and .gz files (traces and logs) into Trace JSON', async () => {
  const pb = oneTrace('from protobuf', 2);
  const json = oneTrace('from json');
  const jsonlA = oneTrace('from jsonl a');
  const jsonlB = oneTrace('from jsonl b');
  const gzPb = oneTrace('from gzipped protobuf');
  const gzJsonl = oneTrace('from gzipped jsonl');
  const logged = jsonlA[0];
  const logs = recordLogs((logger) => logger.emit({
    eventName: 'gen_ai.user.message', body: { content: 'hello from a log line' },
    context: trace.setSpanContext(ROOT_CONTEXT, logged.spanContext()),
  }));
  const files = [
    write('a.pb', tracesProtobuf(pb)),
    write('b.json', tracesJson(json)),
    // The Collector's file exporter: one request per line, traces and logs mixed.
    write('c.jsonl', [text(tracesJson(jsonlA)), text(logsJson(logs)), '', text(tracesJson(jsonlB))].join('\n') + '\n'),
    write('d.pb.gz', gzipSync(tracesProtobuf(gzPb))),
    write('e.jsonl.gz', gzipSync(text(tracesJson(gzJsonl)))),
    write('f-logs.bin', logsProtobuf(logs)),
  ];
  const run = await runCli(['import', '--json', ...files]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.equal(doc.version, 1);
  const byId = new Map(doc.traces.map((t) => [t.traceId, t]));
  for (const [spans, name, count] of [
    [pb, 'from protobuf', 3], [json, 'from json', 2], [jsonlA, 'from jsonl a', 2], [jsonlB, 'from jsonl b', 2],
    [gzPb, 'from gzipped protobuf', 2], [gzJsonl, 'from gzipped jsonl', 2],
  ] as const) {
    const t = byId.get(traceId(spans));
    assert.ok(t, `${name} imported`);
    assert.equal(t.name, name);
    assert.equal(t.spanCount, count);
    assert.equal(t.spans!.length, count);
  }
  assert.equal(doc.traces.length, 6);
  const withLog = byId.get(traceId(jsonlA))!.spans!.find((s) => s.spanId === logged.spanContext().spanId)!;
  assert.ok(JSON.stringify(withLog.input).includes('hello from a log line'), 'the log record was joined to its span');
});

test('a broken file among good ones: stderr names it, exit code 1, the good files still imported', async () => {
  const good1 = oneTrace('good one');
  const good2 = oneTrace('good two');
  const lineGood = oneTrace('good line');
  const files = [
    write('good1.pb', tracesProtobuf(good1)),
    write('broken.json', '{"resourceSpans": [ this is not json'),
    write('mixed.jsonl', `${text(tracesJson(lineGood))}\n{"oops": true}\nnot json at all\n`),
    write('good2.json', tracesJson(good2)),
    path.join(dir, 'missing.pb'),
  ];
  const run = await runCli(['import', '--json', ...files]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /broken\.json: invalid JSON/);
  assert.match(run.stderr, /mixed\.jsonl: line 2: not an OTLP\/JSON request/);
  assert.match(run.stderr, /mixed\.jsonl: .*line 3: invalid JSON/);
  assert.match(run.stderr, /missing\.pb: cannot read the file/);
  assert.doesNotMatch(run.stderr, /good1|good2/);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.deepEqual(doc.traces.map((t) => t.name).sort(), ['good line', 'good one', 'good two']);
});

test('a file with a rejected span is imported with a warning and exit code 0', async () => {
  const spans = oneTrace('kept');
  const request = JSON.parse(text(tracesJson(spans)));
  request.resourceSpans[0].scopeSpans[0].spans.push({ traceId: '0'.repeat(32), spanId: '1'.repeat(16), name: 'bad ids' });
  const file = write('partly-bad.json', JSON.stringify(request));
  const run = await runCli(['import', '--json', file]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /partly-bad\.json: warning: 1 item\(s\) rejected/);
  assert.deepEqual((JSON.parse(run.stdout) as TraceJsonDocument).traces.flatMap((t) => t.spans!.map((s) => s.name)), ['kept', 'kept child 0']);
});

test('import without --json prints a summary per file and per trace', async () => {
  const spans = oneTrace('summarized', 3);
  const file = write('summary.pb', tracesProtobuf(spans));
  const run = await runCli(['import', file]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /summary\.pb: 4 span\(s\), 0 log record\(s\)/);
  assert.match(run.stdout, new RegExp(`${traceId(spans)} .* 4 span\\(s\\) .*summarized`));
});

test('usage errors and help', async () => {
  const none = await runCli(['import']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /at least one FILE/);
  const unknownOption = await runCli(['import', '--jsn', 'x.pb']);
  assert.equal(unknownOption.code, 2);
  assert.match(unknownOption.stderr, /--jsn/);
  const unknownCommand = await runCli(['frobnicate']);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.stderr, /unknown command 'frobnicate'/);
  const help = await runCli(['import', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: tracelight import FILE\.\.\. \[--json\]/);
});

test('bin/tracelight.js runs the bundled CLI', () => {
  const root = path.resolve(__dirname, '../../../..');
  assert.ok(existsSync(path.join(root, 'dist', 'cli.js')), 'dist/cli.js is not built (npm run build)');
  const file = write('bin.pb', tracesProtobuf(oneTrace('through the bin')));
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'tracelight.js'), 'import', '--json', file], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as TraceJsonDocument).traces[0].name, 'through the bin');
});
