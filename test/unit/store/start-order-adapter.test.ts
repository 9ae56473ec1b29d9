/**
 * The store orders spans without the analysis rule's comparator sorts when it can (a numeric
 * arrival sort, typed arrays, a one-pass check when the spans arrived in start order). The rule is
 * `spansInStartOrder` over the spans sorted by arrival: every order here is checked against it,
 * span for span, on traces made to break a shortcut (equal starts and ends, children starting
 * before their parents, orphans, parent loops, duplicated ids, shuffled and equal arrivals,
 * arrivals too large to pack, times that are not finite).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spansInStartOrder } from '../../../src/analysis/span-tree';
import { inStartOrder, type Orderable } from '../../../src/engine/store/span-start-order';

interface Row extends Orderable {
  label: string;
}

/** The rule itself: a stable sort by arrival, then the analysis's start order. */
function byRule(rows: readonly Row[]): string[] {
  return spansInStartOrder([...rows].sort((a, b) => a.arrival - b.arrival)).map((r) => r.label);
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTrace(seed: number, n: number): Row[] {
  const next = random(seed);
  const pick = (k: number): number => Math.floor(next() * k);
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  // Few distinct times: many ties on start, end and both.
  return ids.map((id, i) => ({
    label: `${id}#${i}`,
    spanId: next() < 0.05 ? ids[pick(n)] : id,
    parentSpanId: i === 0 || next() < 0.1 ? null : next() < 0.05 ? 'missing' : ids[pick(n)],
    startTimeUnixMs: pick(6) * 10 + (next() < 0.2 ? 0.5 : 0),
    durationMs: pick(3),
    arrival: next() < 0.1 ? 7 : 100 + pick(n * 4),
  }));
}

test('random traces with ties, orphans, loops, duplicates and shuffled arrivals: the rule order, span for span', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const rows = randomTrace(seed, 1 + (seed % 60));
    assert.deepEqual(inStartOrder(rows).map((r) => r.label), byRule(rows), `seed ${seed}`);
  }
});

/** A tree without loops or duplicates (the fast path), arrivals shuffled, starts mostly ascending. */
function treeTrace(seed: number, n: number, arrivalBase: number): Row[] {
  const next = random(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? null : `s${Math.floor(next() * i)}`;
    rows.push({ label: `s${i}`, spanId: `s${i}`, parentSpanId: parent, startTimeUnixMs: Math.floor(i / 3), durationMs: Math.floor(next() * 4), arrival: arrivalBase + i });
  }
  // Arrival out of start order for some: swap a few arrivals.
  for (let k = 0; k < n / 10; k++) {
    const a = Math.floor(next() * n);
    const b = Math.floor(next() * n);
    [rows[a].arrival, rows[b].arrival] = [rows[b].arrival, rows[a].arrival];
  }
  // Rows are read back in another order than they arrived (the store reads them by span id).
  return rows.sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
}

test('loop-free traces of distinct spans, arrived in and out of start order: the rule order', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const rows = treeTrace(seed, 500, seed);
    assert.deepEqual(inStartOrder(rows).map((r) => r.label), byRule(rows), `seed ${seed}`);
  }
  const inOrder = Array.from({ length: 1000 }, (_, i): Row => ({
    label: `s${i}`, spanId: `s${i}`, parentSpanId: i === 0 ? null : `s${i - 1}`, startTimeUnixMs: i, durationMs: 1, arrival: i + 1,
  }));
  assert.deepEqual(inStartOrder(inOrder).map((r) => r.label), byRule(inOrder), 'a chain that arrived in start order');
});

test('equal start and end: a parent before its child however they arrived, then arrival', () => {
  const rows: Row[] = [
    { label: 'grandchild', spanId: 'g', parentSpanId: 'c', startTimeUnixMs: 5, durationMs: 1, arrival: 1 },
    { label: 'child', spanId: 'c', parentSpanId: 'p', startTimeUnixMs: 5, durationMs: 1, arrival: 2 },
    { label: 'parent', spanId: 'p', parentSpanId: null, startTimeUnixMs: 5, durationMs: 1, arrival: 3 },
    { label: 'sibling', spanId: 'q', parentSpanId: null, startTimeUnixMs: 5, durationMs: 1, arrival: 0 },
  ];
  // Hand-derived: depth 0 first (by arrival: sibling, then parent), then the child, then the grandchild.
  assert.deepEqual(inStartOrder(rows).map((r) => r.label), ['sibling', 'parent', 'child', 'grandchild']);
  assert.deepEqual(byRule(rows), ['sibling', 'parent', 'child', 'grandchild']);
});

test('arrivals too large to pack, negative, fractional, and times that are not finite: still the rule order', () => {
  for (const [seed, arrivalOf, startOf] of [
    [11, (i: number) => Number.MAX_SAFE_INTEGER - 10 * i, (i: number) => i % 4],
    [12, (i: number) => -i, (i: number) => i % 4],
    [13, (i: number) => i / 3, (i: number) => i % 4],
    [14, (i: number) => 40 - i, (i: number) => (i % 5 === 0 ? Infinity : i % 5 === 1 ? NaN : i % 4)],
  ] as const) {
    const rows = treeTrace(seed, 40, 0).map((r, i) => ({ ...r, arrival: arrivalOf(i), startTimeUnixMs: startOf(i) }));
    assert.deepEqual(inStartOrder(rows).map((r) => r.label), byRule(rows), `seed ${seed}`);
  }
});
