/**
 * Where a traces export is prepared for the store (prepare-traces.ts): in-process, or on the
 * prepare thread (worker-preparer.ts) so that the store's thread only handles HTTP and SQL.
 */
import type { OtlpEncoding } from '../otlp';
import { prepareTraces, type PreparedTraces } from './prepare-traces';

export interface Preparer {
  /** Rejects with OtlpDecodeError for a body that is not OTLP. */
  prepareTraces(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces>;
  /**
   * `packFrom`: the store's answer, asked per export, to "from what size would this export's texts
   * be compressed when written" (null: they would not). A preparer on another thread then compresses
   * them there when it has the time (PreparedSpans.packed).
   */
  packContentWith?(packFrom: () => number | null): void;
  close(): Promise<void>;
}

export class InProcessPreparer implements Preparer {
  async prepareTraces(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces> {
    return prepareTraces(body, encoding);
  }

  async close(): Promise<void> {}
}
