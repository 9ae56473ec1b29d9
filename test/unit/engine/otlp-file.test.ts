import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import { readOtlpFile } from '../../../src/engine/import/otlp-file';
import { logsProtobuf, recordLogs, recordSpans, tracesJson, tracesProtobuf } from '../../factories/otlp-payloads';

const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-otlp-file-'));
function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function read(file: string, maxRequestBytes = 64 * 1024 * 1024) {
  const spans: DecodedSpan[] = [];
  const logs: DecodedLogRecord[] = [];
  const batches: number[] = [];
  const contents = await readOtlpFile(file, {
    spans: (items) => { spans.push(...items); batches.push(items.length); },
    logs: (items) => void logs.push(...items),
  }, { maxRequestBytes });
  return { contents, spans, logs, batches };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

test('a .json file holding JSON Lines (as the Collector writes them) is read line by line', async () => {
  const a = recordSpans((t) => t.startSpan('a').end());
  const b = recordSpans((t) => { t.startSpan('b1').end(); t.startSpan('b2').end(); });
  const { contents, spans, batches } = await read(write('collector-export.json', `${text(tracesJson(a))}\n${text(tracesJson(b))}\n`));
  assert.deepEqual(contents.errors, []);
  assert.deepEqual(spans.map((s) => s.name), ['a', 'b1', 'b2']);
  assert.deepEqual(batches, [1, 2], 'one batch per line');
});

test('protobuf signal: sniffed from the bytes; gzip detected by its magic bytes', async () => {
  const logs = recordLogs((l) => l.emit({ body: 'hello' }));
  const result = await read(write('unnamed.bin', gzipSync(logsProtobuf(logs))));
  assert.deepEqual(result.contents.errors, []);
  assert.equal(result.logs.length, 1);
  assert.equal(result.logs[0].body, 'hello');
  const spans = recordSpans((t) => t.startSpan('x').end());
  const traces = await read(write('no-extension', tracesProtobuf(spans)));
  assert.deepEqual(traces.spans.map((s) => s.name), ['x']);
});

test('clear errors: empty file, fake .gz, Trace JSON, not OTLP', async () => {
  assert.deepEqual((await read(write('empty.json', ''))).contents.errors, ['the file is empty']);
  assert.match((await read(write('fake.json.gz', '{"resourceSpans": []}'))).contents.errors[0], /not gzip-compressed/);
  assert.match((await read(write('export.json', JSON.stringify({ version: 1, traces: [] })))).contents.errors[0], /Trace JSON/);
  assert.match((await read(write('other.json', '{"hello": 1}'))).contents.errors[0], /not an OTLP\/JSON request/);
  assert.match((await read(write('blank.jsonl', '\n\n'))).contents.errors[0], /no OTLP requests/);
});

test('snake_case OTLP/JSON field names are read; rejected items are warnings, not errors', async () => {
  const snake = {
    resource_spans: [{
      resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
      scope_spans: [{
        scope: { name: 's' },
        spans: [
          { trace_id: '5'.repeat(32), span_id: '6'.repeat(16), name: 'good', start_time_unix_nano: '1000000', end_time_unix_nano: '2000000' },
          { trace_id: '0'.repeat(32), span_id: '7'.repeat(16), name: 'all-zero trace id' },
        ],
      }],
    }],
  };
  const { contents, spans } = await read(write('snake.json', JSON.stringify(snake)));
  assert.deepEqual(contents.errors, []);
  assert.deepEqual(spans.map((s) => s.name), ['good']);
  assert.equal(contents.rejectedSpans, 1);
  assert.equal(contents.warnings.length, 1);
  assert.match(contents.warnings[0], /1 item\(s\) rejected/);
});

test('size limits: a protobuf request over the limit, and a gzip file inflating past it, are refused', async () => {
  const spans = recordSpans((t) => { for (let i = 0; i < 50; i++) t.startSpan(`span ${i}`).end(); });
  const body = tracesProtobuf(spans);
  const plain = await read(write('big-traces.pb', body), body.length - 1);
  assert.match(plain.contents.errors[0], /more than the .* limit/);
  assert.equal(plain.spans.length, 0);
  // 8 MB of zeros compress to a few KB.
  const bomb = await read(write('bomb-traces.pb.gz', gzipSync(Buffer.alloc(8 * 1024 * 1024))), 1024 * 1024);
  assert.match(bomb.contents.errors[0], /decompresses to more than the 1 MB limit/);
  const fits = await read(write('fits-traces.pb.gz', gzipSync(body)), body.length);
  assert.deepEqual(fits.contents.errors, []);
  assert.equal(fits.spans.length, 50);
});

test('a UTF-8 byte order mark and CRLF line ends are tolerated', async () => {
  const a = recordSpans((t) => t.startSpan('bom').end());
  const b = recordSpans((t) => t.startSpan('crlf').end());
  const withBom = await read(write('bom.json', `\uFEFF${text(tracesJson(a))}`));
  assert.deepEqual(withBom.contents.errors, []);
  assert.deepEqual(withBom.spans.map((s) => s.name), ['bom']);
  const crlf = await read(write('crlf.jsonl', `\uFEFF${text(tracesJson(a))}\r\n${text(tracesJson(b))}\r\n`));
  assert.deepEqual(crlf.contents.errors, []);
  assert.deepEqual(crlf.spans.map((s) => s.name), ['bom', 'crlf']);
});
