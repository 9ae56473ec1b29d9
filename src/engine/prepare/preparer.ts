/**
 * Where a traces export is prepared for the store (prepare-traces.ts): in-process, or on the
 * prepare thread (worker-preparer.ts) so that the store's thread only handles HTTP and SQL.
 */
import type { OtlpEncoding } from '../otlp';
import { prepareTraces, type PreparedTraces } from './prepare-traces';

export interface Preparer {
  /** Rejects with OtlpDecodeError for a body that is not OTLP. */
  prepareTraces(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces>;
  close(): Promise<void>;
}

export class InProcessPreparer implements Preparer {
  async prepareTraces(body: Uint8Array, encoding: OtlpEncoding): Promise<PreparedTraces> {
    return prepareTraces(body, encoding);
  }

  async close(): Promise<void> {}
}
