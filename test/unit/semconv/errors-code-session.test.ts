import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpan } from '../../../src/engine/semconv';
import { makeSpan } from '../../factories/spans';

const exceptionEvent = (type: string, message: string, stacktrace?: string) => ({
  name: 'exception', timeUnixMs: 1,
  attributes: { 'exception.type': type, 'exception.message': message, ...(stacktrace ? { 'exception.stacktrace': stacktrace } : {}) },
});

test('error: status ERROR plus exception event gives type, message and stacktrace', () => {
  const n = normalizeSpan(makeSpan({ status: { code: 'error', message: 'status text' }, events: [exceptionEvent('ValueError', 'bad value', 'Traceback...\n  File "a.py"')] }), []);
  assert.deepEqual(n.error, { type: 'ValueError', message: 'bad value', stacktrace: 'Traceback...\n  File "a.py"' });
});

test('error: status ERROR alone gives its message', () => {
  assert.deepEqual(normalizeSpan(makeSpan({ status: { code: 'error', message: 'timeout' } }), []).error, { message: 'timeout' });
  assert.deepEqual(normalizeSpan(makeSpan({ status: 'error' }), []).error, {});
});

test('error: status OK with an exception event (LangSmith) still carries the error information', () => {
  const n = normalizeSpan(makeSpan({ status: 'ok', events: [exceptionEvent('Error', 'boom')] }), []);
  assert.deepEqual(n.error, { type: 'Error', message: 'boom' });
});

test('error: several exception events (retries) → the last one escaped', () => {
  const n = normalizeSpan(makeSpan({ status: 'error', events: [exceptionEvent('RateLimit', 'first'), exceptionEvent('Timeout', 'last')] }), []);
  assert.equal(n.error!.type, 'Timeout');
});

test('error: error.type attribute without event; no error at all on a clean span', () => {
  assert.deepEqual(normalizeSpan(makeSpan({ status: 'error', attributes: { 'error.type': '429' } }), []).error, { type: '429' });
  assert.equal(normalizeSpan(makeSpan({ status: 'ok', attributes: { 'gen_ai.request.model': 'm' } }), []).error, undefined);
});

test('error: a JS stack or Python traceback inside the message is split into stacktrace', () => {
  const js = normalizeSpan(makeSpan({ status: { code: 'error', message: 'Request failed\n\nTypeError: x is undefined\n    at f (a.js:1:2)\n    at g (b.js:3:4)' } }), []);
  assert.deepEqual(js.error, { message: 'Request failed', stacktrace: 'TypeError: x is undefined\n    at f (a.js:1:2)\n    at g (b.js:3:4)' });
  const py = normalizeSpan(makeSpan({ status: { code: 'error', message: 'Traceback (most recent call last):\n  File "x.py", line 1\nKeyError: 1' } }), []);
  assert.equal(py.error!.message, 'KeyError: 1');
  assert.match(py.error!.stacktrace!, /KeyError/);
});

test('code: stable keys win over deprecated; deprecated function + namespace joined', () => {
  const stable = normalizeSpan(makeSpan({
    attributes: {
      'code.file.path': '/src/app.ts', 'code.line.number': 12, 'code.column.number': 5, 'code.function.name': 'app.answer',
      'code.filepath': 'old.py', 'code.lineno': 1,
    },
  }), []);
  assert.deepEqual(stable.code, { file: '/src/app.ts', line: 12, column: 5, function: 'app.answer' });
  const old = normalizeSpan(makeSpan({ attributes: { 'code.filepath': 'app/main.py', 'code.lineno': '7', 'code.column': 3, 'code.function': 'run' } }), []);
  assert.deepEqual(old.code, { file: 'app/main.py', line: 7, column: 3, function: 'run' });
});

test('session: coalesced in the documented order', () => {
  const order: [string, string][] = [
    ['gen_ai.conversation.id', 'a'], ['session.id', 'b'], ['langsmith.metadata.session_id', 'c'], ['langsmith.trace.session_id', 'd'],
    ['traceloop.association.properties.session_id', 'e'], ['langfuse.session.id', 'f'], ['ai.telemetry.metadata.sessionId', 'g'],
    ['genkit:sessionId', 'h'], ['gcp.vertex.agent.session_id', 'i'],
  ];
  for (let i = 0; i < order.length; i++) {
    const attributes = Object.fromEntries(order.slice(i));
    assert.equal(normalizeSpan(makeSpan({ attributes }), []).sessionId, order[i][1], order[i][0]);
  }
  const meta = normalizeSpan(makeSpan({ attributes: { metadata: '{"thread_id": "t-7", "user_id": "u-7"}' } }), []);
  assert.equal(meta.sessionId, 't-7');
  assert.equal(meta.userId, 'u-7');
});

test('user: coalesced from the families\' user keys', () => {
  for (const key of ['user.id', 'langfuse.user.id', 'traceloop.association.properties.user_id', 'ai.telemetry.metadata.userId', 'langsmith.metadata.user_id', 'enduser.id']) {
    assert.equal(normalizeSpan(makeSpan({ attributes: { [key]: 'who' } }), []).userId, 'who', key);
  }
});
