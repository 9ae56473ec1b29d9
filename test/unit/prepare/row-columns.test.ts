/**
 * Prepared rows cross from the prepare thread as columns (row-columns.ts). Through a real
 * structured clone, every row must come back with the same fields, in the same order, with the
 * same values (undefined ones included) as the row it was made from.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v8 from 'node:v8';
import { prepareTraces } from '../../../src/engine/prepare/prepare-traces';
import { fromRowColumns, preparedFromWire, preparedOnWire, toRowColumns } from '../../../src/engine/prepare/row-columns';
import type { SpanRowValues } from '../../../src/engine/store/span-row-values';
import { fixtureBody, manifest } from '../../factories/fixture-payloads';
import { deepChainTrace, ragAgentTrace, spoofingTrace, wideSpanTrace } from '../../factories/hostile-traces';

const cloned = <T>(value: T): T => v8.deserialize(v8.serialize(value)) as T;
const asText = (rows: readonly SpanRowValues[]): string => JSON.stringify(rows, (_key, value: unknown) => (value === undefined ? '<undefined>' : value));

test('every fixture and hostile trace: the rows come back from their columns through a structured clone as they were', () => {
  const bodies: Array<[string, Uint8Array, 'json' | 'protobuf']> = [];
  for (const entry of manifest()) {
    const body = entry.signal === 'traces' && !entry.expectError ? fixtureBody(entry) : null;
    if (body) bodies.push([entry.path, body, entry.encoding]);
  }
  bodies.push(['rag', ragAgentTrace(600), 'protobuf'], ['deep', deepChainTrace(300), 'protobuf'], ['spoofing', spoofingTrace(), 'protobuf'], ['wide', wideSpanTrace(200, 50, 40), 'protobuf']);
  let rows = 0;
  let withLinks = 0;
  let withToolResults = 0;
  for (const [name, body, encoding] of bodies) {
    const prepared = prepareTraces(body, encoding);
    const wire = cloned(preparedOnWire(prepared));
    assert.ok('rows' in wire, `${name}: sent as columns`);
    const back = preparedFromWire(wire);
    assert.deepStrictEqual(back, prepared, name);
    assert.equal(asText(back.spans), asText(prepared.spans), `${name}: the same fields in the same order`);
    rows += back.spans.length;
    withLinks += back.spans.filter((r) => r.linkTargets).length;
    withToolResults += back.spans.filter((r) => r.toolResultIds).length;
  }
  assert.ok(rows > 1000 && withLinks > 0 && withToolResults > 0, `${rows} rows, ${withLinks} with links, ${withToolResults} with tool results`);
});

test('rows whose normalized columns differ in names are sent as rows', () => {
  const [first, second] = prepareTraces(ragAgentTrace(2), 'protobuf').spans;
  assert.ok(first && second);
  const odd: SpanRowValues = { ...second, normalized: { ...second.normalized, kind: second.normalized.kind } };
  delete (odd.normalized as Partial<SpanRowValues['normalized']>).model;
  assert.equal(toRowColumns([first, odd]), null);
  const columns = toRowColumns([first, second]);
  assert.ok(columns);
  assert.deepStrictEqual(fromRowColumns(cloned(columns)), [first, second]);
  assert.deepStrictEqual(toRowColumns([]) && fromRowColumns(toRowColumns([])!), []);
});
