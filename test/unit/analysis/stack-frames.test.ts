import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FRAMES, parseStackTrace } from '../../../src/analysis/stack-frames';

const locations = (text: string) => parseStackTrace(text).filter((s) => s.location).map((s) => s.location);
const joined = (text: string) => parseStackTrace(text).map((s) => s.text).join('');

test('finds Python, Node and Go frames and keeps the text intact', () => {
  const text = [
    'Traceback (most recent call last):',
    '  File "/work/app/agent.py", line 42, in run',
    '    raise TimeoutError("slow")',
    'Error: boom',
    '    at callTool (/work/app/src/tools.ts:17:9)',
    '    at file:///work/app/main.mjs:3:1',
    '\tsrc/server/handler.go:88 +0x1d',
    '\tat com.example.Agent.run(Agent.java:42)',
    '   at C:\\app\\agent.py:7',
  ].join('\n');
  assert.equal(joined(text), text);
  assert.deepEqual(locations(text), [
    { file: '/work/app/agent.py', line: 42 },
    { file: '/work/app/src/tools.ts', line: 17, column: 9 },
    { file: 'file:///work/app/main.mjs', line: 3, column: 1 },
    { file: 'src/server/handler.go', line: 88 },
    { file: 'Agent.java', line: 42 },
    { file: 'C:\\app\\agent.py', line: 7 },
  ]);
});

test('does not take URLs, times or plain numbers for locations', () => {
  assert.deepEqual(locations('connect to http://localhost:8080/v1 failed at 12:30:45, code 500'), []);
  assert.deepEqual(locations('see https://example.com/x.js:12'), []);
  assert.deepEqual(locations('at bundle (webpack:///./src/app.js:12:3)'), []);
});

test('URIs of other schemes are not files: VS Code would run a command: link, not open it', () => {
  const text = 'Error at command:workbench.action.terminal.new:1:1 and vscode:extension/ms-python.python:2';
  assert.deepEqual(locations(text), []);
  assert.equal(joined(text), text);
  assert.deepEqual(locations('at x (javascript:alert(1).js:1:1)'), []);
});

test('terminal colour codes are neither file names nor part of them', () => {
  // ESC[0m.js:1 is the reset code followed by ".js:1": no file.
  assert.deepEqual(locations('\x1b[31mError\x1b[0m.js:1'), []);
  // A coloured frame: the path without its colour codes, the text given back byte for byte.
  const framed = '    at run (\x1b[2m/app/src/agent.ts:12:5\x1b[22m)';
  assert.deepEqual(locations(framed), [{ file: '/app/src/agent.ts', line: 12, column: 5 }]);
  assert.equal(joined(framed), framed);
  assert.equal(parseStackTrace(framed).find((s) => s.location)!.text, '/app/src/agent.ts:12:5');
});

test(`at most ${MAX_FRAMES} locations per text; the rest stays text`, () => {
  const lines = Array.from({ length: MAX_FRAMES + 300 }, (_, i) => `    at f${i} (/app/src/m${i}.js:${i + 1}:1)`);
  lines.splice(10, 0, '  File "/app/x.py", line 3, in g');
  const text = lines.join('\n');
  const found = locations(text);
  assert.equal(found.length, MAX_FRAMES);
  assert.deepEqual(found[0], { file: '/app/src/m0.js', line: 1, column: 1 });
  assert.deepEqual(found[10], { file: '/app/x.py', line: 3 }, 'frames stay in text order');
  assert.equal(joined(text), text);
});

test('handles empty and location-free text', () => {
  assert.deepEqual(parseStackTrace(''), []);
  assert.deepEqual(parseStackTrace('no frames here'), [{ text: 'no frames here' }]);
});
