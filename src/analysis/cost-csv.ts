/**
 * The cost breakdown as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote
 * or line break quoted, quotes doubled). Cells that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) are prefixed with a quote: names come from telemetry.
 */
import { COST_DIMENSIONS, type CostDimension, type CostReport } from '../protocol/cost';

const HEADER = ['dimension', 'key', 'detail', 'calls', 'input_tokens', 'output_tokens', 'cost_usd', 'unpriced_calls'];

function cell(value: string | number): string {
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function costBreakdownCsv(report: CostReport, dimensions: readonly CostDimension[] = COST_DIMENSIONS): string {
  const lines = [HEADER.join(',')];
  for (const d of dimensions) {
    for (const r of report.breakdowns[d]) {
      lines.push([d, r.key, r.detail ?? '', r.calls, r.inputTokens, r.outputTokens, r.costUsd, r.unpricedCalls].map(cell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
