/**
 * The fixtures as a user's files, read WITHOUT the product's decoder: spans and log records are
 * counted with the fixtures' own small decoder (test/fixtures/generators/harness/otlp-decode.mjs),
 * so a span the product drops or invents cannot go unnoticed.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root, from out/test/factories (compiled) or test/factories (source). */
export const ROOT = join(__dirname, __dirname.includes(join('out', 'test')) ? '../../..' : '../..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface ManifestEntry {
  path: string;
  family: string;
  signal: 'traces' | 'logs';
  encoding: 'protobuf' | 'json';
  compression: 'none' | 'gzip';
  handwritten: boolean;
  description: string;
  expectError?: boolean;
}

export function manifest(): ManifestEntry[] {
  return (JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] }).files;
}

export const fixturePath = (entry: ManifestEntry): string => join(FIXTURES, entry.path);

/** A fixture's request body as the receiver gets it after content decoding; null for a corrupt gzip body (the receiver refuses it before any decoding). */
export function fixtureBody(entry: ManifestEntry): Buffer | null {
  const raw = readFileSync(fixturePath(entry));
  if (entry.compression !== 'gzip') return raw;
  try {
    return gunzipSync(raw);
  } catch {
    return null;
  }
}

export interface PayloadSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  attributes: Record<string, unknown>;
}

export interface PayloadLog {
  traceId: string | null;
  spanId: string | null;
  eventName: string | null;
  body: unknown;
  attributes: Record<string, unknown>;
}

interface HarnessItem {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  eventName?: string;
  attributes: Record<string, unknown>;
  body?: unknown;
}
interface HarnessDecoded {
  scopes: { items: HarnessItem[] }[];
}
interface HarnessModule {
  readPayload(bytes: Buffer, options: { json: boolean; gzip: boolean; signal: string }): HarnessDecoded[];
}

let harness: Promise<HarnessModule> | undefined;
/** The harness is an ES module; tsc compiles `import()` to `require()` for CommonJS, hence the indirection. */
function loadHarness(): Promise<HarnessModule> {
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<HarnessModule>;
  harness ??= importEsm(pathToFileURL(join(FIXTURES, 'generators', 'harness', 'otlp-decode.mjs')).href);
  return harness;
}

/**
 * Ids as the engine must report them: lowercase hex. OTLP/JSON may carry them in base64 (the
 * protobuf JSON mapping), which the harness leaves as sent; an empty or absent parent is a root.
 */
function hexId(raw: string | undefined, bytes: number): string | null {
  if (!raw) return null;
  if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(raw)) return raw.toLowerCase();
  const decoded = Buffer.from(raw, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : raw;
}

async function items(entry: ManifestEntry): Promise<HarnessItem[]> {
  const module = await loadHarness();
  const decoded = module.readPayload(readFileSync(fixturePath(entry)), { json: entry.encoding === 'json', gzip: entry.compression === 'gzip', signal: entry.signal });
  return decoded.flatMap((resource) => resource.scopes.flatMap((scope) => scope.items));
}

export async function payloadSpans(entry: ManifestEntry): Promise<PayloadSpan[]> {
  return (await items(entry)).map((s) => ({
    traceId: hexId(s.traceId, 16) ?? '',
    spanId: hexId(s.spanId, 8) ?? '',
    parentSpanId: hexId(s.parentSpanId, 8),
    name: s.name ?? '',
    attributes: s.attributes,
  }));
}

export async function payloadLogs(entry: ManifestEntry): Promise<PayloadLog[]> {
  return (await items(entry)).map((l) => ({
    traceId: hexId(l.traceId, 16),
    spanId: hexId(l.spanId, 8),
    eventName: l.eventName ?? (typeof l.attributes['event.name'] === 'string' ? l.attributes['event.name'] : null),
    body: l.body,
    attributes: l.attributes,
  }));
}

/** A span the engine must reject (OTLP: ids of the wrong length, or all zero, are invalid). */
export function hasInvalidIds(s: PayloadSpan): boolean {
  const bad = (id: string | null, digits: number) => id === null || !new RegExp(`^[0-9a-f]{${digits}}$`).test(id) || /^0+$/.test(id);
  return bad(s.traceId, 32) || bad(s.spanId, 16);
}

/**
 * Token-count attributes of the conventions the fixtures use (GenAI, OpenInference, AI SDK,
 * OpenLLMetry's older keys). A value counts when it is a non-negative integer (the harness gives
 * protobuf int64 as decimal strings).
 */
const TOKEN_KEYS = [
  'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens',
  'gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'llm.token_count.prompt', 'llm.token_count.completion',
  'llm.token_count.total', 'ai.usage.promptTokens', 'ai.usage.completionTokens', 'ai.usage.inputTokens',
  'ai.usage.outputTokens', 'ai.usage.totalTokens',
];
const isCount = (v: unknown): boolean => (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+$/.test(v));

export function carriesTokenCounts(s: PayloadSpan): boolean {
  if (TOKEN_KEYS.some((k) => isCount(s.attributes[k]))) return true;
  // Langfuse sends its usage as one JSON object attribute.
  const details = s.attributes['langfuse.observation.usage_details'];
  if (typeof details !== 'string') return false;
  try {
    const parsed = JSON.parse(details) as unknown;
    return typeof parsed === 'object' && parsed !== null && Object.values(parsed).some(isCount);
  } catch {
    return false;
  }
}
