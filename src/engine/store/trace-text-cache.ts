/**
 * Recently read traces as Trace JSON text, each kept as the UTF-8 bytes of a one-trace document
 * (exactly `JSON.stringify({ version: 1, traces: [trace] })`), so a repeat read hands over bytes
 * instead of serializing (or structured-cloning) an object graph again. The bytes live in a
 * SharedArrayBuffer: posted to another thread they are shared, not copied (the caller decodes
 * them, or writes them as they are); the query API writes them to the socket as they are. They are
 * never written to after they are made, here or by any reader.
 *
 * A trace's text is reused only while everything in it is unchanged:
 * - its spans at this version: the very array the span cache (trace-json-cache.ts) served, held
 *   weakly, so a trace that cache forgot, cleared or rebuilt is serialized afresh;
 * - what each read settles anew on top of those spans (whether a link's target is stored, the
 *   retrieval analysis that may read other traces) and the header (from the trace's summary): those
 *   few spans and the header are serialized on every read and compared with the kept ones.
 *
 * Bounded by the bytes it holds, least recently read first out.
 */
import type { TraceJsonSpan, TraceJsonTrace } from '../../protocol/trace-json';
import { ByteBoundedLru } from './byte-bounded-lru';
import { runToEnd, SliceClock } from './sliced';

interface Entry {
  base: WeakRef<readonly TraceJsonSpan[]>;
  /** The header and the spans settled on read, serialized: what else must match for `bytes` to hold. */
  settled: string;
  bytes: Uint8Array;
}

/** Default bound: the text of a 10,000-span trace of the bench's 5 KB LLM spans (about 100 MB). */
export const DEFAULT_TEXT_CACHE_BYTES = 128 * 1024 * 1024;

/** Trace JSON documents are version 1 (see protocol/trace-json.ts). */
const DOCUMENT_HEAD = '{"version":1,"traces":[';
const DOCUMENT_TAIL = ']}';

/** Spans serialized per slice at most (fewer when they take SLICE_MS). */
const SPANS_PER_TEXT_SLICE = 1000;

/** Spans serialized together (one JSON.stringify, one encoding call): fewer calls per span. */
const SPANS_PER_PIECE = 25;

/** The first size of a text's buffer; it then grows by at least an eighth of what it holds. */
const FIRST_SIZE = 1 << 16;
/** The most a growable SharedArrayBuffer may hold here (V8's bound on its maximum length). */
const MAX_TEXT_BYTES = 2 ** 32;
/** A growable SharedArrayBuffer (ES2024, newer than the library this project compiles against). */
interface GrowableSharedMemory extends SharedArrayBuffer {
  grow(size: number): void;
}
const GrowableSharedMemory = SharedArrayBuffer as unknown as new (size: number, options: { maxByteLength: number }) => GrowableSharedMemory;

/** Bytes copied per step when a text is copied into memory of its exact size. */
const COPY_STEP = 4 << 20;

/**
 * UTF-8 text built by encoding each piece straight into shared memory. Gathering each slice's
 * pieces into a string, joining it and encoding the join took about as long again as serializing
 * the spans (for a 50,000-span trace, 0.7 s instead of 0.35 s); here each span's JSON is encoded
 * where it lands. The memory is shared memory: ordinary ArrayBuffers of tens of megabytes took
 * twice as long again, measured (their external memory makes the collector run more often, over a
 * heap holding the whole trace).
 *
 * The memory is one growable SharedArrayBuffer, grown in place (pages are committed as it grows,
 * nothing is moved), and the text is a view of its written part: the text of a 50,000-span trace
 * used to be written into chunks and then copied into shared memory of its exact size, and that
 * copy (46 MB, first touching its fresh pages) was about 32 ms of each read. Growth by an eighth
 * leaves at most about an eighth unused; a text with more unused than a quarter of its length (a
 * small one) is copied into memory of its exact size, a step at most COPY_STEP at a time.
 */
class Utf8Builder {
  private readonly memory = new GrowableSharedMemory(FIRST_SIZE, { maxByteLength: MAX_TEXT_BYTES });
  private view = Buffer.from(this.memory);
  private used = 0;

  append(text: string): void {
    this.write(text);
  }

  /** Writes `text` at the end (growing the memory when it may not fit); its bytes. */
  private write(text: string): number {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 bytes for 2 units).
    const most = this.used + text.length * 3;
    if (most > this.view.length) this.grow(most);
    const written = this.view.write(text, this.used, 'utf8');
    this.used += written;
    return written;
  }

  private grow(least: number): void {
    const size = Math.min(MAX_TEXT_BYTES, Math.max(least, this.view.length + (this.view.length >>> 3)));
    if (least > size) throw new RangeError(`a Trace JSON text over ${MAX_TEXT_BYTES} bytes cannot be built`);
    this.memory.grow(size);
    this.view = Buffer.from(this.memory, 0, size);
  }

  /**
   * The text of a JSON array `[...]` (not empty) as the next elements of an array already open:
   * after the first, its opening bracket is written over by a comma; its closing one is left off.
   */
  appendElements(arrayText: string, first: boolean): void {
    const written = this.write(arrayText);
    this.used--;
    if (!first) this.view[this.used - written + 1] = 0x2c; // ','
  }

  /** The text in shared memory: a view of the written part, or a copy of its exact size (see above). Ends the builder. */
  *sharedSteps(clock: SliceClock): Generator<void, Uint8Array> {
    const written = new Uint8Array(this.memory, 0, this.used);
    if (this.memory.byteLength - this.used <= this.used >>> 2) return written;
    const out = new Uint8Array(new SharedArrayBuffer(this.used));
    for (let at = 0; at < this.used; at += COPY_STEP) {
      out.set(written.subarray(at, at + COPY_STEP), at);
      if (clock.due()) {
        yield;
        clock.restart();
      }
    }
    return out;
  }
}

/**
 * The UTF-8 of `{"version":1,"traces":[JSON.stringify(trace)]}`, serialized and encoded a slice of
 * spans at a time (SPANS_PER_TEXT_SLICE, or SLICE_MS), then copied once into shared memory. `spans` is the trace's last key
 * (the header comes from its summary and the spans are set after it), so its text can follow the
 * header's. Each piece is whole spans' JSON (well formed: JSON.stringify escapes lone surrogates),
 * so the pieces' UTF-8 joined is the UTF-8 of the whole.
 */
function* documentBytesSteps(trace: TraceJsonTrace): Generator<void, Uint8Array> {
  const { spans, ...header } = trace;
  if (spans === undefined || Object.keys(trace).at(-1) !== 'spans') return sharedUtf8(`${DOCUMENT_HEAD}${JSON.stringify(trace)}${DOCUMENT_TAIL}`);
  const head = JSON.stringify(header);
  const text = new Utf8Builder();
  // The spans' array opens with the first piece's bracket.
  text.append(`${DOCUMENT_HEAD}${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"spans":${spans.length === 0 ? '[' : ''}`);
  const clock = new SliceClock(SPANS_PER_TEXT_SLICE / SPANS_PER_PIECE);
  for (let i = 0; i < spans.length; i += SPANS_PER_PIECE) {
    // `[a,b,...]`: its elements are the spans' texts joined by commas, as in the whole array.
    const piece = JSON.stringify(spans.slice(i, i + SPANS_PER_PIECE));
    text.appendElements(piece, i === 0);
    if (clock.due()) {
      yield;
      clock.restart();
    }
  }
  text.append(`]}${DOCUMENT_TAIL}`);
  return yield* text.sharedSteps(clock);
}

/** `text` as UTF-8 in shared memory. */
export function sharedUtf8(text: string): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
  Buffer.from(bytes.buffer).write(text, 'utf8');
  return bytes;
}

/** What a read settles on top of the cached spans: the header and every span that is not a cached one. */
function settledPart(trace: TraceJsonTrace, base: readonly TraceJsonSpan[]): string {
  const { spans, ...header } = trace;
  const parts = [JSON.stringify(header)];
  spans?.forEach((span, i) => {
    if (span !== base[i]) parts.push(`${i}:${JSON.stringify(span)}`);
  });
  return parts.join('\n');
}

export class TraceTextCache {
  private readonly entries: ByteBoundedLru<Entry>;
  hits = 0;
  misses = 0;

  constructor(maxBytes = DEFAULT_TEXT_CACHE_BYTES) {
    this.entries = new ByteBoundedLru(maxBytes);
  }

  /**
   * The UTF-8 of `JSON.stringify({ version: 1, traces: [trace] })`, from the cache when `trace` is
   * the same trace built on the same cached spans `base` (its spans are `base` with some replaced on
   * read) as when it was kept. Shared: never write to it.
   */
  documentOf(trace: TraceJsonTrace, base: readonly TraceJsonSpan[]): Uint8Array {
    return runToEnd(this.documentSteps(trace, base));
  }

  /** documentOf, pausing (yielding) after each slice of spans serialized. */
  *documentSteps(trace: TraceJsonTrace, base: readonly TraceJsonSpan[]): Generator<void, Uint8Array> {
    const settled = settledPart(trace, base);
    const entry = this.entries.peek(trace.traceId);
    if (entry && entry.base.deref() === base && entry.settled === settled) {
      this.hits++;
      this.entries.touch(trace.traceId);
      return entry.bytes;
    }
    this.misses++;
    const bytes = yield* documentBytesSteps(trace);
    // The memory the text is a view of (see Utf8Builder) is what it holds.
    this.entries.set(trace.traceId, { base: new WeakRef(base), settled, bytes }, bytes.buffer.byteLength + settled.length);
    return bytes;
  }

  forget(traceId: string): void {
    this.entries.delete(traceId);
  }

  clear(): void {
    this.entries.clear();
  }

  get bytes(): number {
    return this.entries.bytes;
  }
}

/**
 * One document of several traces from their one-trace documents (documentOf): the one itself when
 * there is one, else their traces joined into new shared bytes. Exactly the UTF-8 of
 * `JSON.stringify({ version: 1, traces })`.
 */
export function joinedDocument(documents: readonly Uint8Array[]): Uint8Array {
  if (documents.length === 1) return documents[0];
  const head = Buffer.from(DOCUMENT_HEAD);
  const tail = Buffer.from(DOCUMENT_TAIL);
  const traces = documents.map((d) => d.subarray(head.length, d.byteLength - tail.length));
  const length = head.length + traces.reduce((sum, t) => sum + t.byteLength, 0) + Math.max(0, traces.length - 1) + tail.length;
  const out = new Uint8Array(new SharedArrayBuffer(length));
  out.set(head, 0);
  let at = head.length;
  traces.forEach((trace, i) => {
    if (i > 0) out[at++] = 0x2c; // ','
    out.set(trace, at);
    at += trace.byteLength;
  });
  out.set(tail, at);
  return out;
}
