import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogsJsonValue, decodeTraces, decodeTracesJsonValue } from '../../../src/engine/otlp';

const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const SPAN_HEX = 'eee19b7ec3c1b174';
const PARENT_HEX = 'eee19b7ec3c1b173';
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

function request(span: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'quirky' } }] },
      scopeSpans: [{ scope: { name: 'hand-made' }, spans: [{ traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'op', ...span }] }],
      ...extra,
    }],
  };
}

test('base64 ids (24 characters for a trace id, 12 for a span id) are read as bytes', () => {
  const result = decodeTracesJsonValue(request({ traceId: b64(TRACE_HEX), spanId: b64(SPAN_HEX), parentSpanId: b64(PARENT_HEX) }));
  assert.equal(result.rejected, 0);
  const [span] = result.items;
  assert.equal(b64(TRACE_HEX).length, 24);
  assert.equal(span.traceId, TRACE_HEX);
  assert.equal(span.spanId, SPAN_HEX);
  assert.equal(span.parentSpanId, PARENT_HEX);
});

test('uppercase hex ids are lowercased; empty and all-zero parent ids mean root', () => {
  for (const parentSpanId of ['', '0000000000000000', undefined, 'AAAAAAAAAAA=']) {
    const [span] = decodeTracesJsonValue(request({ traceId: TRACE_HEX.toUpperCase(), parentSpanId })).items;
    assert.equal(span.traceId, TRACE_HEX);
    assert.equal(span.parentSpanId, null, `parent ${parentSpanId}`);
  }
});

test('int64 as JSON numbers, decimal strings and {low, high} objects; times likewise', () => {
  const startNs = 1_764_190_000_123_456_789n;
  const low = Number(startNs & 0xffffffffn) | 0;
  const high = Number(startNs >> 32n) | 0;
  const [span] = decodeTracesJsonValue(request({
    startTimeUnixNano: { low, high, unsigned: true },
    endTimeUnixNano: 1_764_190_001_000_000_000,
    attributes: [
      { key: 'as_number', value: { intValue: 1200 } },
      { key: 'as_string', value: { intValue: '-77' } },
      { key: 'as_long', value: { intValue: { low: 5, high: 0 } } },
      { key: 'as_big_string', value: { intValue: '9223372036854775807' } },
      { key: 'negative_long', value: { intValue: { low: -1, high: -1 } } },
    ],
  })).items;
  assert.deepEqual(span.attributes, { as_number: 1200, as_string: -77, as_long: 5, as_big_string: '9223372036854775807', negative_long: -1 });
  assert.ok(Math.abs(span.startTimeUnixMs - 1_764_190_000_123.456789) < 0.001, String(span.startTimeUnixMs));
  assert.ok(Math.abs(span.endTimeUnixMs - 1_764_190_001_000) < 0.001);
});

test('decimal-string times keep sub-millisecond precision', () => {
  const [span] = decodeTracesJsonValue(request({ startTimeUnixNano: '1764190000123456789', endTimeUnixNano: '1764190000999000001' })).items;
  assert.ok(Math.abs(span.startTimeUnixMs - 1_764_190_000_123.456789) < 0.0005);
  assert.ok(Math.abs(span.endTimeUnixMs - 1_764_190_000_999.000001) < 0.0005);
});

test('enums by number, by full name, by bare name', () => {
  const cases: [unknown, unknown, string, string][] = [
    [3, 2, 'client', 'error'],
    ['SPAN_KIND_PRODUCER', 'STATUS_CODE_OK', 'producer', 'ok'],
    ['server', 'ERROR', 'server', 'error'],
    ['2', '1', 'server', 'ok'],
    ['SPAN_KIND_NONSENSE', 99, 'unspecified', 'unset'],
  ];
  for (const [kind, code, expectedKind, expectedCode] of cases) {
    const [span] = decodeTracesJsonValue(request({ kind, status: { code, message: 'm' } })).items;
    assert.equal(span.spanKind, expectedKind, `kind ${String(kind)}`);
    assert.equal(span.status.code, expectedCode, `code ${String(code)}`);
    assert.equal(span.status.message, 'm');
  }
});

test('snake_case keys (protobuf field names) are read like lowerCamelCase', () => {
  const body = {
    resource_spans: [{
      resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
      scope_spans: [{
        scope: { name: 's', version: '1' },
        spans: [{
          trace_id: TRACE_HEX, span_id: SPAN_HEX, parent_span_id: PARENT_HEX, name: 'snake op', kind: 'SPAN_KIND_INTERNAL',
          start_time_unix_nano: '1000000', end_time_unix_nano: '3000000', trace_state: 'k=v',
          attributes: [
            { key: 'b', value: { bool_value: true } }, { key: 'i', value: { int_value: '7' } }, { key: 'd', value: { double_value: 0.5 } },
            { key: 'a', value: { array_value: { values: [{ string_value: 'x' }, { int_value: 1 }] } } },
            { key: 'kv', value: { kvlist_value: { values: [{ key: 'inner', value: { bool_value: false } }] } } },
            { key: 'raw', value: { bytes_value: 'AQI=' } },
          ],
          events: [{ name: 'e', time_unix_nano: '2000000', attributes: [] }],
          status: { code: 'STATUS_CODE_ERROR', message: 'bad' },
        }],
      }],
    }],
  };
  const result = decodeTraces(Buffer.from(JSON.stringify(body)), 'json');
  assert.equal(result.rejected, 0);
  const [span] = result.items;
  assert.equal(span.name, 'snake op');
  assert.equal(span.parentSpanId, PARENT_HEX);
  assert.equal(span.spanKind, 'internal');
  assert.equal(span.startTimeUnixMs, 1);
  assert.equal(span.endTimeUnixMs, 3);
  assert.equal(span.traceState, 'k=v');
  assert.deepEqual(span.attributes, { b: true, i: 7, d: 0.5, a: ['x', 1], kv: { inner: false }, raw: 'AQI=' });
  assert.deepEqual(span.events, [{ name: 'e', timeUnixMs: 2, attributes: {} }]);
  assert.deepEqual(span.status, { code: 'error', message: 'bad' });
  assert.equal(span.resource['service.name'], 'snake');
  assert.deepEqual(span.scope, { name: 's', version: '1' });
});

test('a bad span among good ones is rejected alone; other malformed items are counted', () => {
  const value = {
    resourceSpans: [{
      scopeSpans: [{
        spans: [
          { traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'good 1' },
          { traceId: 'not-an-id', spanId: SPAN_HEX, name: 'bad trace id' },
          { traceId: TRACE_HEX, name: 'missing span id' },
          'not even an object',
          { traceId: TRACE_HEX, spanId: PARENT_HEX, name: 'good 2' },
        ],
      }],
    }],
  };
  const result = decodeTracesJsonValue(value);
  assert.deepEqual(result.items.map((s) => s.name), ['good 1', 'good 2']);
  assert.equal(result.rejected, 3);
  assert.match(result.errors[0], /bad trace id.*invalid trace id 'not-an-id'/);
  assert.match(result.errors[1], /invalid span id ''/);
  assert.match(result.errors[2], /not an object/);
});

test('the list of reasons is capped while the count stays exact', () => {
  const spans = Array.from({ length: 50 }, (_, i) => ({ traceId: TRACE_HEX, spanId: '', name: `s${i}` }));
  const result = decodeTracesJsonValue({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  assert.equal(result.rejected, 50);
  assert.ok(result.errors.length > 0 && result.errors.length <= 10);
});

test('logs: bad ids leave the record uncorrelated but kept; base64 ids and named severities are read', () => {
  const result = decodeLogsJsonValue({
    resource_logs: [{
      scope_logs: [{
        log_records: [
          { trace_id: b64(TRACE_HEX), span_id: b64(SPAN_HEX), severity_number: 'SEVERITY_NUMBER_WARN', body: { string_value: 'w' }, time_unix_nano: '5000000' },
          { traceId: 'zz', spanId: SPAN_HEX, body: { stringValue: 'x' }, observedTimeUnixNano: '7000000', eventName: 'my.event' },
        ],
      }],
    }],
  });
  assert.equal(result.rejected, 0);
  const [warn, orphan] = result.items;
  assert.equal(warn.traceId, TRACE_HEX);
  assert.equal(warn.spanId, SPAN_HEX);
  assert.equal(warn.severityNumber, 13);
  assert.equal(warn.timeUnixMs, 5);
  assert.equal(orphan.traceId, null);
  assert.equal(orphan.spanId, null);
  assert.equal(orphan.timeUnixMs, 7);
  assert.equal(orphan.eventName, 'my.event');
});

test('a __proto__ attribute key is stored as a plain key, not as the prototype', () => {
  const [span] = decodeTracesJsonValue(request({ attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } }] })).items;
  assert.equal(Object.getPrototypeOf(span.attributes), Object.prototype);
  assert.equal((span.attributes as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(span.attributes), ['__proto__']);
});

test('pre-1.0 instrumentationLibrarySpans payloads are read', () => {
  const [span] = decodeTracesJsonValue({
    resourceSpans: [{ instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old-lib', version: '0.1' }, spans: [{ traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'old' }] }] }],
  }).items;
  assert.equal(span.name, 'old');
  assert.deepEqual(span.scope, { name: 'old-lib', version: '0.1' });
});
