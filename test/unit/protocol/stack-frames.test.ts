import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStackTrace } from '../../../src/protocol/stack-frames';

const locations = (text: string) => parseStackTrace(text).filter((s) => s.location).map((s) => s.location);

test('finds Python, Node and Go frames and keeps the text intact', () => {
  const text = [
    'Traceback (most recent call last):',
    '  File "/work/app/agent.py", line 42, in run',
    '    raise TimeoutError("slow")',
    'Error: boom',
    '    at callTool (/work/app/src/tools.ts:17:9)',
    '    at file:///work/app/main.mjs:3:1',
    '\tsrc/server/handler.go:88 +0x1d',
  ].join('\n');
  assert.equal(parseStackTrace(text).map((s) => s.text).join(''), text);
  assert.deepEqual(locations(text), [
    { file: '/work/app/agent.py', line: 42 },
    { file: '/work/app/src/tools.ts', line: 17, column: 9 },
    { file: 'file:///work/app/main.mjs', line: 3, column: 1 },
    { file: 'src/server/handler.go', line: 88 },
  ]);
});

test('does not take URLs, times or plain numbers for locations', () => {
  assert.deepEqual(locations('connect to http://localhost:8080/v1 failed at 12:30:45, code 500'), []);
  assert.deepEqual(locations('see https://example.com/x.js:12'), []);
});

test('handles empty and location-free text', () => {
  assert.deepEqual(parseStackTrace(''), []);
  assert.deepEqual(parseStackTrace('no frames here'), [{ text: 'no frames here' }]);
});
