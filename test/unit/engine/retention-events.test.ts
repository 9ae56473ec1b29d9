import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EngineEvent } from '../../../src/protocol/engine-api';
import { recordSpans, tracesProtobuf } from '../../factories/otlp-payloads';
import { startEngine } from './start-engine';

test('evictions are counted in stats and reported in the changed event and the log', async () => {
  const { client, waitForEvent } = startEngine({ grpcPort: null, maxSpans: 10 });
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'tracelight-evict-'));
    const files = [];
    for (let i = 0; i < 4; i++) {
      const spans = recordSpans((tracer) => {
        for (let k = 0; k < 4; k++) tracer.startSpan(`trace ${i} span ${k}`, { startTime: [1_700_000_000 + i, 0] }).end([1_700_000_000 + i, 1000]);
      });
      // Four root spans per file: four traces of one span each, start times ordered by file.
      files.push({ file: path.join(dir, `${i}.pb`), ids: spans.map((s) => s.spanContext().traceId) });
      writeFileSync(files[i].file, tracesProtobuf(spans));
    }
    await client.call('importFiles', { paths: files.map((f) => f.file) });
    const stats = await client.call('stats', {});
    assert.ok(stats.spanCount <= 10, `${stats.spanCount} spans held`);
    assert.ok(stats.evictedTraces >= 6);
    assert.equal(stats.evictedSpans, stats.evictedTraces);
    const changed = (await waitForEvent((e) => e.type === 'changed')) as Extract<EngineEvent, { type: 'changed' }>;
    assert.equal(changed.evictedTraceIds.length, stats.evictedTraces);
    const oldest = new Set(files.slice(0, 2).flatMap((f) => f.ids));
    assert.ok(changed.evictedTraceIds.every((id) => oldest.has(id)), 'the oldest traces were the ones evicted');
    await waitForEvent((e) => e.type === 'log' && /Retention: evicted/.test(e.message));

    // Lowering the cap at run time evicts at once.
    await client.call('configure', { maxSpans: 2 });
    assert.ok((await client.call('stats', {})).spanCount <= 2);
  } finally {
    await client.dispose();
  }
});
