/**
 * `tracelight import` on files as users really have them: JSON Lines with CRLF and blank lines,
 * gzip-compressed JSON Lines, upper-case extensions, a byte order mark, the same file given twice,
 * a directory or a missing path. Each compared with the plain fixture it was made from.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { checkTraceJson } from '../../support/trace-json-check';
import type { TraceJsonDocument } from '../../../src/protocol/trace-json';
import { FIXTURES } from '../../factories/fixture-payloads';
import { assertBuilt, tracelight } from './installed-cli';

let dir: string;
before(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tracelight-quirks-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const AGENT_JSON = join(FIXTURES, 'otel-genai-manual', '002-traces.json');
const RAG_JSON = join(FIXTURES, 'otel-genai-manual', '006-traces.json');
const GENKIT_PB = join(FIXTURES, 'genkit', '001-traces.pb');

async function importDoc(files: string[]): Promise<{ doc: TraceJsonDocument; code: number | null; stderr: string }> {
  const run = await tracelight(['import', ...files, '--json']);
  const doc = JSON.parse(run.stdout) as TraceJsonDocument;
  assert.deepEqual(checkTraceJson(doc), []);
  return { doc, code: run.code, stderr: run.stderr };
}

const write = (name: string, bytes: string | Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

let reference: TraceJsonDocument;
before(async () => {
  reference = (await importDoc([AGENT_JSON, RAG_JSON])).doc;
  assert.equal(reference.traces.length, 2, 'the two reference traces');
});

test('JSON Lines with CRLF line ends and blank lines, plain and gzip-compressed, as the two JSON files', async () => {
  const lines = [readFileSync(AGENT_JSON, 'utf8'), readFileSync(RAG_JSON, 'utf8')].map((text) => JSON.stringify(JSON.parse(text)));
  const text = `${lines[0]}\r\n\r\n${lines[1]}\r\n`;
  for (const file of [write('export.jsonl', text), write('export.jsonl.gz', gzipSync(text))]) {
    const { doc, code, stderr } = await importDoc([file]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(doc, reference, file);
  }
});

test('an upper-case extension (.PB) is read as protobuf', async () => {
  const { doc, code, stderr } = await importDoc([write('CAPTURE.PB', readFileSync(GENKIT_PB))]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(doc, (await importDoc([GENKIT_PB])).doc);
});

test('the same file given twice: every span once', async () => {
  const { doc, code, stderr } = await importDoc([AGENT_JSON, RAG_JSON, AGENT_JSON]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(doc, reference);
});

test('a .json file that starts with a UTF-8 byte order mark imports like the same file without it', async () => {
  const withBom = write('saved-by-an-editor.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(AGENT_JSON)]));
  const { doc, code, stderr } = await importDoc([withBom]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(doc, (await importDoc([AGENT_JSON])).doc);
});

test('a directory and a missing path: exit 1, each named with its reason, no stack trace; the good file still imported', async () => {
  const missing = join(dir, 'no-such-file.pb');
  const { doc, code, stderr } = await importDoc([dir, AGENT_JSON, missing]);
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*(directory|EISDIR)`, 'i'));
  assert.match(stderr, /no-such-file\.pb: .*(no such file|ENOENT)/i);
  assert.doesNotMatch(stderr, /^\s+at /m);
  assert.equal(doc.traces.length, 1);
});
