/** Messages between the store's thread and the prepare thread. */
import type { OtlpEncoding } from '../otlp';
import type { PreparedTraces } from './prepare-traces';

export interface PrepareRequest {
  id: number;
  /** The body's own copy, transferred (not cloned) to the prepare thread. */
  body: Uint8Array;
  encoding: OtlpEncoding;
}

export type PrepareReply =
  | { id: number; ok: true; prepared: PreparedTraces }
  /** `malformed`: the body is not OTLP (OtlpDecodeError); otherwise preparing failed. */
  | { id: number; ok: false; malformed: boolean; message: string };

/** workerData that makes the engine worker's bundle run as the prepare thread instead. */
export const PREPARE_ROLE = 'prepare';
