/**
 * Raw deflate of small texts through one kept zlib stream, byte for byte what a fresh
 * `zlib.deflateRawSync` with the same options gives.
 *
 * `deflateRawSync` builds a stream per call (a Transform object, zlib's state allocated and
 * initialized, then closed): measured at 4-7 µs of the 27 µs a 2 KB text costs at level 1. Node
 * offers no synchronous call on a kept stream, so this writes through the stream's native handle
 * the way Node's own `deflateRawSync` does (`_handle.writeSync`, `_writeState`), and resets it
 * (`reset()`, zlib's deflateReset) after each text. Where those internals are not as expected, or
 * any call fails, every text goes through `deflateRawSync` instead: same bytes, only slower.
 *
 * Why the zero pass: deflateReset keeps the window's bytes, and zlib's match search may compare
 * up to 258 bytes past the input's end, where a fresh stream has zeros. A longer earlier text left
 * there can change which of two equally long matches is taken (a valid but different encoding,
 * seen for about 1 text in 100). So before a text shorter than what the window may still hold,
 * that many zeros are compressed (and the stream reset again), which puts the window back as a
 * fresh stream has it, for about 2 µs; a text at least as long as the last ones needs no pass.
 */
import * as zlib from 'node:zlib';

interface NativeDeflate {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, outOffset: number, outLength: number): void;
  reset(): void;
}

interface StreamInternals {
  _handle?: NativeDeflate;
  /** [output bytes left, input bytes left] after writeSync. */
  _writeState?: Uint32Array;
}

export class KeptDeflate {
  private handle: NativeDeflate | null = null;
  private state: Uint32Array | null = null;
  private readonly output: Buffer;
  private readonly zeros: Buffer;
  /** The window may hold other bytes than zeros below this offset (the last texts' bytes). */
  private dirty = 0;
  /** The internals were not usable, or a call failed: deflateRawSync only. */
  private broken = false;

  /** For texts of at most `maxBytes` bytes; longer ones go through deflateRawSync. */
  constructor(private readonly options: { level: number; windowBits: number }, private readonly maxBytes: number) {
    // Deflate's worst case grows a text by 5 bytes per 16 KB block, plus a few: twice is ample.
    this.output = Buffer.allocUnsafe(2 * maxBytes + 64);
    this.zeros = Buffer.alloc(maxBytes);
  }

  /** Whether texts still go through the kept stream (false once it could not be used). */
  get kept(): boolean {
    return !this.broken;
  }

  deflate(bytes: Uint8Array): Buffer {
    if (bytes.length > this.maxBytes) return zlib.deflateRawSync(bytes, this.options);
    const handle = this.handle ?? this.open();
    if (!handle) return zlib.deflateRawSync(bytes, this.options);
    try {
      // Bytes past this text's end left by a longer one before it: zeroed first.
      if (this.dirty > bytes.length) this.write(handle, this.zeros, this.dirty);
      const length = this.write(handle, bytes, bytes.length);
      this.dirty = bytes.length;
      const packed = Buffer.allocUnsafe(length);
      this.output.copy(packed, 0, 0, length);
      return packed;
    } catch {
      // From now on every text is deflated by a fresh stream.
      this.handle = null;
      this.broken = true;
      return zlib.deflateRawSync(bytes, this.options);
    }
  }

  /** Deflates `input[0, length)` whole into `output`, resets the stream; the bytes written. */
  private write(handle: NativeDeflate, input: Uint8Array, length: number): number {
    const state = this.state!;
    handle.writeSync(zlib.constants.Z_FINISH, input, 0, length, this.output, 0, this.output.length);
    const outLeft = state[0];
    const inLeft = state[1];
    handle.reset();
    // All input taken and room left over: the stream ended (Z_STREAM_END) within the buffer.
    if (inLeft !== 0 || outLeft === 0) throw new Error('deflate did not finish in one call');
    return this.output.length - outLeft;
  }

  private open(): NativeDeflate | null {
    if (this.broken) return null;
    try {
      const stream = zlib.createDeflateRaw(this.options) as unknown as StreamInternals & NodeJS.EventEmitter;
      const handle = stream._handle;
      const state = stream._writeState;
      if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
        this.broken = true;
        return null;
      }
      // A native failure is reported as an 'error' event; the check in write() then fails the call.
      stream.on('error', () => {
        this.broken = true;
        this.handle = null;
      });
      this.handle = handle;
      this.state = state;
      return handle;
    } catch {
      this.broken = true;
      return null;
    }
  }
}
