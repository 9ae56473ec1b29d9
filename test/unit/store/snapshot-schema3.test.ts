/**
 * Snapshots written by the store of schema version 3, before content rows were named by id
 * (test/fixtures/snapshots: streamed and in the SQLite format, written from commit 1bb3d96 by
 * test/fixtures/generators/snapshots/write-schema3.ts). Opened today, each must answer as the store
 * this version builds with the same steps, and go on storing, compressing and freeing content.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeLogs, decodeTraces } from '../../../src/engine/otlp';
import { prepareDecodedSpans } from '../../../src/engine/prepare/prepare-traces';
import { loadSqlJs } from '../../../src/engine/store/sql-loader';
import { FIXTURES, fixtureBody, manifest } from '../../factories/fixture-payloads';
import { openStore, storeAnswers, type OpenedStore } from './open-store';

/** The generator's families and steps (write-schema3.ts). */
const FAMILIES = ['python-otel-openai-v2', 'python-pydantic-ai', 'python-logfire', 'openllmetry', 'vercel-ai'];

async function storeLikeTheSnapshots(): Promise<OpenedStore> {
  const opened = await openStore({ compressContentLater: true });
  const entries = manifest().filter((e) => !e.expectError && FAMILIES.includes(e.family));
  for (const e of entries.filter((x) => x.signal === 'traces')) {
    const body = fixtureBody(e);
    if (!body) continue;
    const spans = decodeTraces(body, e.encoding).items;
    if (e.path.endsWith('1-traces.pb') || e.path.endsWith('3-traces.pb')) opened.store.ingestSpans(spans);
    else opened.store.ingestPreparedSpans(prepareDecodedSpans(spans));
  }
  for (const e of entries.filter((x) => x.signal === 'logs')) {
    const body = fixtureBody(e);
    if (body) opened.store.ingestLogs(decodeLogs(body, e.encoding).items);
  }
  opened.store.compressWaitingContent(40);
  opened.store.deleteTrace(opened.queries.listTraces({ limit: 1_000 }).traces.map((t) => t.traceId).sort()[0]);
  return opened;
}

/** Counts in the store's tables, read through its SQLite export. */
async function tableCount(opened: OpenedStore, sql: string): Promise<number> {
  const db = new (await loadSqlJs()).Database(opened.store.export());
  try {
    return Number(db.exec(sql)[0].values[0][0]);
  } finally {
    db.close();
  }
}

const UNLINKED = 'SELECT count(*) FROM content_refs r LEFT JOIN content c ON c.id = r.content_id AND c.hash = r.hash WHERE c.id IS NULL';

for (const file of ['schema3-streamed.snapshot', 'schema3-sqlite.snapshot']) {
  test(`a snapshot of schema version 3 (${file}) opens as the store this version builds, and goes on as one`, async () => {
    const expected = await storeLikeTheSnapshots();
    const loaded = await openStore({ snapshot: readFileSync(path.join(FIXTURES, 'snapshots', file)), compressContentLater: true });
    assert.ok(loaded.store.spanCount > 100 && loaded.store.logCount > 0 && loaded.store.contentCount > 50, 'spans, log records and content');
    assert.deepEqual(storeAnswers(loaded), storeAnswers(expected));
    assert.equal(await tableCount(loaded, UNLINKED), 0, 'every content_refs row names its content row');
    // The rows left waiting are compressed (moved: their new ids are linked), and more is stored.
    while (loaded.store.compressWaitingContent(7));
    while (expected.store.compressWaitingContent(7));
    assert.equal(await tableCount(loaded, UNLINKED), 0, 'moved rows are linked again');
    assert.deepEqual(storeAnswers(loaded), storeAnswers(expected));
    const more = manifest().filter((e) => !e.expectError && e.family === 'python-openinference' && e.signal === 'traces');
    for (const e of more) {
      const spans = decodeTraces(fixtureBody(e)!, e.encoding).items;
      loaded.store.ingestPreparedSpans(prepareDecodedSpans(spans));
      expected.store.ingestPreparedSpans(prepareDecodedSpans(spans));
    }
    assert.deepEqual(storeAnswers(loaded), storeAnswers(expected));
    // Every trace deleted: every text is freed, none is left behind or freed twice.
    for (const t of loaded.queries.listTraces({ limit: 100_000 }).traces) loaded.store.deleteTrace(t.traceId);
    assert.equal(loaded.store.contentCount, 0);
    assert.equal(await tableCount(loaded, 'SELECT count(*) FROM content'), 0);
    assert.equal(await tableCount(loaded, 'SELECT count(*) FROM content_refs'), 0);
    loaded.store.close();
    expected.store.close();
  });
}
