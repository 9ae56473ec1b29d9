/**
 * Validation of listTraces parameters. They arrive over postMessage and from the CLI; a wrong type
 * used to reach SQLite as NaN and fail there as "datatype mismatch", which says nothing about the
 * parameter. Types are checked and refused with the parameter's name; sizes are clamped.
 */
import type { ListTracesQuery } from '../../protocol/engine-api';

export const DEFAULT_PAGE = 200;
export const MAX_PAGE = 10_000;

export interface ValidListQuery {
  limit: number;
  offset: number;
  service?: string;
  status?: 'ok' | 'error';
  text?: string;
  sessionId?: string;
}

function count(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`listTraces: ${name} must be a number, not ${JSON.stringify(value) ?? String(value)}`);
  if (value < 0) throw new Error(`listTraces: ${name} must not be negative (got ${value})`);
  // Huge (or Infinity) means "as many as allowed"; fractions round down.
  return Math.min(max, Math.floor(value));
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`listTraces: ${name} must be a string, not ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

export function validListQuery(query: ListTracesQuery): ValidListQuery {
  if (query === null || typeof query !== 'object') throw new Error('listTraces: the query must be an object');
  const status = query.status as unknown;
  if (status !== undefined && status !== null && status !== 'ok' && status !== 'error') {
    throw new Error(`listTraces: status must be "ok" or "error", not ${JSON.stringify(status)}`);
  }
  const valid: ValidListQuery = {
    limit: count(query.limit, 'limit', DEFAULT_PAGE, MAX_PAGE),
    offset: count(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
  };
  if (status === 'ok' || status === 'error') valid.status = status;
  const service = optionalString(query.service, 'service');
  if (service !== undefined) valid.service = service;
  const text = optionalString(query.text, 'text');
  if (text !== undefined) valid.text = text;
  const sessionId = optionalString(query.sessionId, 'sessionId');
  if (sessionId !== undefined) valid.sessionId = sessionId;
  return valid;
}
