/** The agent workload's log lines: where a store's bytes go (value bytes per table, pages per table and index). */
import type { PageUse } from '../../src/engine/store/page-breakdown';
import type { TableBytes } from '../../src/engine/store/storage-breakdown';

/** One line per table: rows, value bytes per stored span, and the widest columns. */
export function breakdownLines(tables: TableBytes[], spans: number, databaseBytes: number): string[] {
  const perSpan = (bytes: number): string => (bytes / spans).toFixed(0);
  let values = 0;
  const lines = tables.map((t) => {
    values += t.valueBytes;
    const wide = Object.entries(t.columns).map(([name, bytes]) => `${name} ${perSpan(bytes)}`).join(', ');
    return `    ${t.table}: ${t.rows.toLocaleString('en-US')} rows, ${perSpan(t.valueBytes)} B/span${wide ? ` (${wide})` : ''}`;
  });
  lines.push(`    pages beyond the values (indexes, b-tree, free pages): ${perSpan(databaseBytes - values)} B/span`);
  return lines;
}

/** One line per table and index that takes a page or more: bytes per stored span, largest first, then the live slack. */
export function pageLines(uses: PageUse[], spans: number, databaseBytes: number): string[] {
  const perSpan = (bytes: number): string => (bytes / spans).toFixed(0).padStart(5);
  const measured = uses.reduce((sum, u) => sum + u.bytes, 0);
  const lines = [...uses].filter((u) => u.bytes > 0).sort((a, b) => b.bytes - a.bytes).map((u) => `    ${perSpan(u.bytes)} B/span  ${u.name}`);
  lines.push(`    ${perSpan(databaseBytes - measured)} B/span  slack of the live pages (partly filled pages, free pages) beyond packed copies`);
  return lines;
}
