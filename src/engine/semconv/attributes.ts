/**
 * Reading span attributes the way real instrumentations write them.
 *
 * One `SpanAttributes` is built per span and shared by every convention family, so the per-span
 * work that would otherwise be repeated (scanning all keys for a prefix, parsing the same JSON
 * string twice) is done at most once:
 * - keys are grouped by namespace (the text before the first '.' or ':') on first use, so a family
 *   whose namespace is absent costs one map lookup, and prefix scans only walk that namespace;
 * - JSON strings are parsed lazily, only when they look like JSON, and cached per key.
 *
 * Values may be sent as JSON strings (most span attributes, because many SDKs only allow primitive
 * attribute values) or as real structured OTLP values (kvlists/arrays); `value()` returns the
 * structured form either way.
 */
import type { AttrMap, AttrValue } from '../model';
import { unflatten } from './flattened-lists';
import { boundedMemo } from '../bounded-memo';

/**
 * Strings above this size are not parsed as JSON (kept as raw text): bounded work per span. Real
 * agents do send multi-megabyte histories (the handwritten 5 MB fixture parses in ~20 ms).
 */
export const MAX_JSON_PARSE_CHARS = 16 * 1024 * 1024;

const NOT_JSON = Symbol('not-json');

/** What keysWithPrefix answers when nothing matches (shared: nobody writes to it). */
const NO_KEYS: readonly string[] = Object.freeze([]);

export function looksLikeJson(text: string): boolean {
  let i = 0;
  // Skip leading whitespace without allocating a trimmed copy of a possibly huge string.
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 9)) i++;
  const c = text[i];
  return c === '{' || c === '[';
}

/** Parses text that looks like a JSON object or array; undefined when it is not (or is malformed). */
export function parseJsonLoose(text: string): unknown {
  if (text.length > MAX_JSON_PARSE_CHARS || !looksLikeJson(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Malformed JSON in a content attribute (truncated by an attribute limit, or single quotes from
    // a Python repr): callers keep the raw text instead.
    return undefined;
  }
}

/** Text form of any value: strings as they are, everything else as JSON. */
export function toText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    // Too deep to serialise (String() would recurse as deep and overflow too).
    return '[value nested too deeply to show]';
  }
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value); // int64 values beyond 2^53 arrive as decimal strings
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A structured value from a possibly JSON-encoded one. Strings that are not JSON stay strings. */
export function structured(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseJsonLoose(value);
  return parsed === undefined ? value : parsed;
}

function namespaceOf(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 46 /* . */ || c === 58 /* : */) return key.slice(0, i);
  }
  return key;
}

/** Whether a name has a segment starting with a digit (`gen_ai.prompt.0.role`): a flattened list item. */
function hasNumberedSegment(key: string): boolean {
  for (let i = key.indexOf('.'); i >= 0; i = key.indexOf('.', i + 1)) {
    const c = key.charCodeAt(i + 1);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

interface KeyShape {
  namespace: string;
  numbered: boolean;
}

/**
 * The namespace of each attribute name seen lately, and whether it is a flattened list item. Every
 * span of an instrumentation sends the same names (the decoders hand out one string per name), so
 * indexing a span's keys is a lookup per key instead of a scan and a new string. Bounded:
 * telemetry with ever-new names only refills it.
 */
const memoizedKeyShape = boundedMemo<KeyShape>(4096, (key) => ({ namespace: namespaceOf(key), numbered: hasNumberedSegment(key) }));

export class SpanAttributes {
  private namespaces: Map<string, string[]> | undefined;
  /**
   * Whether any name is a flattened list item: most spans send their lists whole or not at all, and
   * then no family's `list` needs to look for items key by key.
   */
  private numbered = false;
  /** Parsed JSON values by key, made on the first parse (most spans parse nothing at ingest). */
  private parsed: Map<string, unknown> | undefined;

  constructor(readonly raw: AttrMap) {}

  get(key: string): AttrValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.raw, key) ? this.raw[key] : undefined;
  }

  has(key: string): boolean {
    const v = this.get(key);
    return v !== undefined && v !== null && v !== '';
  }

  /** A non-empty string; numbers and booleans are converted (ids are sometimes sent as ints). */
  str(key: string): string | undefined {
    const v = this.get(key);
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }

  num(key: string): number | undefined {
    return toNumber(this.get(key));
  }

  /** Text of any value (structured values as JSON). */
  text(key: string): string | undefined {
    const v = this.get(key);
    return v === '' ? undefined : toText(v);
  }

  /** The structured value: parsed if a JSON string, as-is if structured, the string otherwise. */
  value(key: string): unknown {
    const v = this.get(key);
    if (typeof v !== 'string') return v ?? undefined;
    const cached = this.parsed?.get(key);
    if (cached !== undefined) return cached === NOT_JSON ? v : cached;
    const parsed = parseJsonLoose(v);
    (this.parsed ??= new Map()).set(key, parsed === undefined ? NOT_JSON : parsed);
    return parsed === undefined ? v : parsed;
  }

  /** True when some key lives in this namespace (text before the first '.' or ':'). */
  hasNamespace(ns: string): boolean {
    return this.index().has(ns);
  }

  /**
   * All keys that start with `prefix` (which should end with '.' or ':'), in insertion order. Most
   * prefixes asked for match nothing (every family asks for its lists on every span): those get a
   * shared empty list, and a list is made only once a key matches.
   */
  keysWithPrefix(prefix: string): readonly string[] {
    const keys = this.index().get(memoizedKeyShape(prefix).namespace);
    if (!keys) return NO_KEYS;
    let out: string[] | undefined;
    for (const k of keys) if (k.length > prefix.length && k.startsWith(prefix)) (out ??= []).push(k);
    return out ?? NO_KEYS;
  }

  /**
   * `{ rest-of-key: value }` for every key under `prefix` (e.g. `ai.settings.` → { maxRetries }),
   * without the rest-of-key `except` (left out as it is met, not deleted afterwards: a deleted key
   * turns the object into a slow dictionary for every later read and for JSON.stringify).
   */
  collect(prefix: string, except?: string): Record<string, unknown> | undefined {
    const keys = this.keysWithPrefix(prefix);
    if (keys.length === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const rest = k.slice(prefix.length);
      if (rest !== except) out[rest] = this.get(k);
    }
    return out;
  }

  /**
   * A list sent either as a real array / JSON array at `prefix`, or flattened into indexed keys
   * (`prefix.0.message.role`, `prefix.0.message.contents.1.message_content.text`), which become
   * nested objects; numeric segments become array positions (gaps are closed, order kept).
   */
  list(prefix: string): unknown[] | undefined {
    const whole = this.value(prefix);
    if (Array.isArray(whole)) return whole;
    // Items are numbered keys (below): a span without any has none under this prefix either.
    this.index();
    if (!this.numbered) return undefined;
    const keys = this.keysWithPrefix(prefix + '.');
    if (keys.length === 0) return undefined;
    const flat: Record<string, unknown> = {};
    // Only numbered children: `gen_ai.prompt.0.role` is a list item, `gen_ai.prompt.name` is not.
    for (const k of keys) {
      const rest = k.slice(prefix.length + 1);
      if (/^\d+(\.|$)/.test(rest)) flat[rest] = this.get(k);
    }
    if (Object.keys(flat).length === 0) return undefined;
    const tree = unflatten(flat);
    return Array.isArray(tree) ? tree : undefined;
  }

  private index(): Map<string, string[]> {
    if (this.namespaces) return this.namespaces;
    const map = new Map<string, string[]>();
    for (const key of Object.keys(this.raw)) {
      const shape = memoizedKeyShape(key);
      if (shape.numbered) this.numbered = true;
      const list = map.get(shape.namespace);
      if (list) list.push(key);
      else map.set(shape.namespace, [key]);
    }
    this.namespaces = map;
    return map;
  }
}
