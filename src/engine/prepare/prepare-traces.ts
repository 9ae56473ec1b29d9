/**
 * The pure CPU half of storing a traces export: decode the body, normalize each span (without log
 * records: the store normalizes again the rare span whose logs came first), encode its detail and
 * hash its long strings. Runs on the prepare thread (prepare-worker-loop.ts), or in-process when
 * that thread is not there; either way the store only runs SQL on the result.
 */
import type { NormalizedFields } from '../../protocol/trace-json';
import type { DecodedSpan } from '../model';
import { decodeTraces, decodeTracesEach, type OtlpEncoding } from '../otlp';
import { fieldsForRowColumns, normalizeSpan } from '../semconv';
import { compositeHash } from '../store/content-composite';
import { fieldsForIngest } from '../store/tool-call-keys';
import { contentHash } from '../store/content-hash';
import { encodeContentText } from '../store/content-text';
import { PieceMemo } from '../store/piece-memo';
import type { RecentHashes } from './recent-hashes';
import type { ContentWriter } from '../store/string-codec';
import { spanRowValues, type PreparedSpans, type SpanRowValues } from '../store/span-row-values';

export interface PreparedTraces extends PreparedSpans {
  /** Spans the decoder rejected, and why (the export's partial success). */
  rejected: number;
  errors: string[];
  /** Spans kept raw because normalizing them threw, for the output log. */
  warnings: string[];
}

function fieldsOf(span: DecodedSpan, warnings: string[]): NormalizedFields {
  try {
    return fieldsForIngest(span, (s) => fieldsForRowColumns(s, []), (s) => normalizeSpan(s, []));
  } catch (error) {
    // A normalizer bug must not lose the span: keep it raw, say so (as span-normalization.ts does).
    warnings.push(`Could not normalize span ${span.spanId} (${span.name}): ${(error as Error).message}`);
    return { kind: 'other' };
  }
}

/**
 * Throws OtlpDecodeError for a body that is not OTLP, exactly as decodeTraces does. `packFrom`: the
 * texts of at least that many UTF-8 bytes are also given as the store writes them compressed, but
 * for those in `packedBefore` (compressed for an earlier export, see RecentHashes).
 */
export function prepareTraces(body: Uint8Array, encoding: OtlpEncoding, packFrom?: number, packedBefore?: RecentHashes): PreparedTraces {
  // Each span is prepared as soon as it is decoded, while its objects are fresh in the cache and
  // before a young-generation collection has to copy them (a 512-span export decoded whole is
  // several MB still alive at each collection).
  let preparing = new SpanPreparation();
  let decoded = decodeTracesEach(body, encoding, (span) => preparing.add(span));
  if (!decoded) {
    decoded = decodeTraces(body, encoding);
    preparing = new SpanPreparation();
    for (const span of decoded.items) preparing.add(span);
  }
  const prepared = preparing.done();
  const packed = packFrom === undefined ? undefined : packTexts(prepared.texts, packFrom, packedBefore);
  return { ...prepared, ...(packed ? { packed } : {}), rejected: decoded.rejected, errors: decoded.errors };
}

/**
 * The store's bytes (encodeContentText) of each text from `packFrom` UTF-8 bytes on, compressed or
 * not (a text that does not shrink enough stays UTF-8, as the store would keep it). The store uses
 * them only for rows it creates while its waiting content is at the cap (content-compaction.ts):
 * a text already stored was compressed here for nothing, which the store's request accepts.
 */
function packTexts(texts: ReadonlyMap<string, string>, packFrom: number, packedBefore?: RecentHashes): Map<string, Uint8Array> {
  const packed = new Map<string, Uint8Array>();
  for (const [hash, text] of texts) {
    // A text shorter in characters cannot reach packFrom bytes.
    if (text.length * 3 < packFrom || packedBefore?.has(hash) || Buffer.byteLength(text, 'utf8') < packFrom) continue;
    packed.set(hash, encodeContentText(text, packFrom));
    packedBefore?.add(hash);
  }
  return packed;
}

/** Decoded spans as the store takes them: row values, and the text of each content hash once. */
export function prepareDecodedSpans(items: readonly DecodedSpan[]): PreparedSpans & { warnings: string[] } {
  const preparing = new SpanPreparation();
  for (const span of items) preparing.add(span);
  return preparing.done();
}

/** The spans of one export prepared one by one, sharing what they store. */
class SpanPreparation {
  private readonly spans: SpanRowValues[] = [];
  private readonly texts = new Map<string, string>();
  private readonly warnings: string[] = [];
  // Each distinct text is sent once per export, however many spans reference it.
  private readonly content: ContentWriter = {
    store: (text, composite) => {
      const hash = composite ? compositeHash(text) : contentHash(text);
      if (!this.texts.has(hash)) this.texts.set(hash, text);
      return hash;
    },
    // The store counts the references from each row's list (spanRowValues keeps it).
    hold: () => undefined,
    chains: new Map(),
    // `store` only registers text here: a token met again takes the reference it got before.
    pieces: new PieceMemo(),
  };

  add(span: DecodedSpan): void {
    this.spans.push(spanRowValues(span, fieldsOf(span, this.warnings), this.content));
  }

  done(): PreparedSpans & { warnings: string[] } {
    return { spans: this.spans, texts: this.texts, warnings: this.warnings };
  }
}
