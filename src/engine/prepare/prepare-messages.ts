/** Messages between the store's thread and the prepare thread. */
import type { OtlpEncoding } from '../otlp';
import type { PreparedOnWire } from './row-columns';

export interface PrepareRequest {
  kind: 'prepare';
  id: number;
  /** The body's own copy, transferred (not cloned) to the prepare thread, or the body itself when it is in shared memory. */
  body: Uint8Array;
  encoding: OtlpEncoding;
  /** Compress the texts of at least this many UTF-8 bytes as the store would write them (PreparedSpans.packed). */
  packFrom?: number;
}

/**
 * Asks the prepare thread for the next part of export `id`. Parts are sent one at a time, each once
 * the store's thread has taken in the one before: messages already queued on a port are all read
 * in one go, so parts sent together would stall the store's thread for as long as all of them take
 * to be read (about 200 ms for a 50 MB export), and queries with it.
 */
export interface NextPartRequest {
  kind: 'next';
  id: number;
}

export type ToPrepareThread = PrepareRequest | NextPartRequest;

export type PrepareReply =
  /**
   * One part of a prepared export (see REPLY_PART_SPANS); `more` says another part follows. The
   * first part carries the export's rejected count, errors and warnings; the parts together, the
   * export.
   */
  | { id: number; ok: true; prepared: PreparedOnWire; more: boolean }
  /** `malformed`: the body is not OTLP (OtlpDecodeError); otherwise preparing failed. */
  | { id: number; ok: false; malformed: boolean; message: string };

/** workerData that makes the engine worker's bundle run as the prepare thread instead. */
export const PREPARE_ROLE = 'prepare';

/**
 * Spans per reply part. A message is deserialized in one go on the receiving thread, so one reply
 * holding a 50 MB export would stall the store's thread (and every query) while it is read; in
 * parts of this size (about 2.5 MB of the bench's spans), the event loop runs between them.
 */
export const REPLY_PART_SPANS = 512;
