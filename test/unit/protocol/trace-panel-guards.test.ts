import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromTracePanel, parseTracePanelState } from '../../../src/protocol/trace-panel-guards';

const SPAN = '00f067aa0ba902b7';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

test('accepts every well-formed message type and copies only known fields', () => {
  const good: unknown[] = [
    { type: 'ready' },
    { type: 'requestSpan', requestId: 3, spanId: SPAN },
    { type: 'search', requestId: 0, query: 'weather' },
    { type: 'openLocation', file: 'src/app.ts', line: 12, column: 4 },
    { type: 'openLocation', file: '/abs/app.py' },
    { type: 'copy', text: '<script>x</script>' },
    { type: 'openPrompt', spanId: SPAN },
    { type: 'compareWith', traceId: TRACE },
    { type: 'webviewError', message: 'boom' },
    { type: 'openTrace', traceId: TRACE },
    { type: 'openTrace', traceId: TRACE, spanId: SPAN },
  ];
  for (const message of good) {
    const result = parseFromTracePanel(message);
    assert.ok(result.ok, `rejected ${JSON.stringify(message)}: ${!result.ok && result.reason}`);
    assert.deepEqual(result.value, message);
    assert.notEqual(result.value, message, 'returns a fresh object');
  }
});

test('rejects unknown types, non-objects and missing types', () => {
  for (const message of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'delete-everything' }, { type: '__proto__' }]) {
    assert.equal(parseFromTracePanel(message).ok, false, JSON.stringify(message) ?? 'undefined');
  }
});

test('rejects malformed fields', () => {
  const bad: unknown[] = [
    { type: 'requestSpan', requestId: -1, spanId: SPAN },
    { type: 'requestSpan', requestId: 1.5, spanId: SPAN },
    { type: 'requestSpan', requestId: '1', spanId: SPAN },
    { type: 'requestSpan', requestId: 1, spanId: 'ZZf067aa0ba902b7' },
    { type: 'requestSpan', requestId: 1, spanId: SPAN.toUpperCase() },
    { type: 'requestSpan', requestId: 1 },
    { type: 'search', requestId: 1, query: 'x'.repeat(1001) },
    { type: 'search', requestId: 1, query: { $ne: '' } },
    { type: 'openLocation', file: '' },
    { type: 'openLocation', file: 'a\0b' },
    { type: 'openLocation', file: 'a.ts', line: 0 },
    { type: 'openLocation', file: 'a.ts', line: '12' },
    { type: 'openLocation', file: 'a.ts', column: -3 },
    { type: 'copy', text: 12 },
    { type: 'compareWith', traceId: 'abc' },
    { type: 'openPrompt', spanId: TRACE },
    { type: 'ready', extra: true },
    { type: 'openTrace', traceId: TRACE.slice(1) },
    { type: 'openTrace', traceId: TRACE, spanId: 'x' },
    { type: 'openTrace', traceId: TRACE, file: '/etc/passwd' },
    { type: 'requestSpan', requestId: 1, spanId: SPAN, command: 'rm -rf' },
  ];
  for (const message of bad) {
    const result = parseFromTracePanel(message);
    assert.equal(result.ok, false, `accepted ${JSON.stringify(message)}`);
    assert.ok(!result.ok && result.reason.length > 0);
  }
});

test('rejects objects that are not plain (class instances, prototype tricks)', () => {
  class Message { type = 'ready'; }
  assert.equal(parseFromTracePanel(new Message()).ok, false);
  const polluted = JSON.parse('{"type":"ready","__proto__":{"admin":true}}');
  assert.equal(parseFromTracePanel(polluted).ok, false, 'the __proto__ own key is an unexpected field');
});

test('truncates long webview error reports instead of dropping them', () => {
  const result = parseFromTracePanel({ type: 'webviewError', message: 'e'.repeat(50_000) });
  assert.ok(result.ok && result.value.type === 'webviewError' && result.value.message.length === 10_000);
});

test('persisted state: keeps the sound parts, drops the rest', () => {
  assert.equal(parseTracePanelState(null), null);
  assert.equal(parseTracePanelState({ traceId: 'nope' }), null);
  assert.deepEqual(
    parseTracePanelState({ traceId: TRACE, selectedSpanId: 'bad', collapsed: [SPAN, 3, 'x'], split: 5, nameColumn: 0.4, rawContent: true, scrollTop: -4 }),
    { traceId: TRACE, collapsed: [SPAN], nameColumn: 0.4, rawContent: true },
  );
  assert.deepEqual(parseTracePanelState({ traceId: TRACE, selectedSpanId: SPAN, split: 0.5, scrollTop: 120 }), {
    traceId: TRACE, selectedSpanId: SPAN, split: 0.5, scrollTop: 120,
  });
});
