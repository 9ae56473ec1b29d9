/**
 * The streamed snapshot file (snapshot-stream.ts writes it, snapshot-load.ts reads it): rows
 * copied out of the store a batch at a time, so neither the store's pages nor the file are ever
 * held twice. Layout: MAGIC, then frames `[kind u8][payload length u32][crc32 of payload u32]
 * [payload]`, little-endian:
 *
 * - HEADER (first): JSON `{format, schema, tables: [{name, columns, key}]}`; `columns` are the
 *   names each row lists its values in (`rowid` first where the row id is not a column), `key`
 *   the columns that identify a row.
 * - ROWS: `[table index u16][count u32]` then each row's values; loaded with INSERT OR REPLACE, so
 *   a later frame's row replaces an earlier one with the same key (a row changed while the
 *   snapshot was written is written again at its end).
 * - DELETE: `[table index u16][count u32]` then each key's values: rows removed meanwhile.
 * - END (last): JSON `{frames}`, the number of frames before it; a file without it is incomplete.
 *
 * A value is a tag byte, then: nothing (null), an int32, a float64, or a length (u32) and bytes
 * (UTF-8 text, or a blob). The columns' declared types restore integer/real storage on insert.
 */
import type { SqlValue } from 'sql.js';
import * as zlib from 'node:zlib';

/** 16 bytes, like SQLite's own "SQLite format 3\0", so the two formats tell themselves apart. */
export const MAGIC = Buffer.from('Tracelight snap\n', 'latin1');
export const FORMAT_VERSION = 1;

export const FRAME = { header: 1, rows: 2, delete: 3, end: 4 } as const;
export const FRAME_HEAD_BYTES = 9;

const TAG = { null: 0, int: 1, float: 2, text: 3, blob: 4 } as const;

export interface TableLayout {
  name: string;
  columns: string[];
  key: string[];
}

export interface SnapshotHeader {
  format: number;
  schema: number;
  tables: TableLayout[];
}

let crcTable: Int32Array | undefined;

/** CRC-32 (zlib's); computed in JS where this Node has no zlib.crc32 (before 20.15). */
export function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(bytes);
  crcTable ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Builds one frame's payload, then the frame. */
export class FrameWriter {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private at = FRAME_HEAD_BYTES;

  get payloadBytes(): number {
    return this.at - FRAME_HEAD_BYTES;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }

  u16(value: number): void {
    this.room(2);
    this.at = this.buffer.writeUInt16LE(value, this.at);
  }

  u32(value: number): void {
    this.room(4);
    this.at = this.buffer.writeUInt32LE(value, this.at);
  }

  /** Where a count written later goes (`patchU32`). */
  get position(): number {
    return this.at;
  }

  patchU32(position: number, value: number): void {
    this.buffer.writeUInt32LE(value, position);
  }

  value(value: SqlValue): void {
    if (value === null) {
      this.room(1);
      this.buffer[this.at++] = TAG.null;
    } else if (typeof value === 'number') {
      this.room(9);
      if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0)) {
        this.buffer[this.at++] = TAG.int;
        this.at = this.buffer.writeInt32LE(value, this.at);
      } else {
        this.buffer[this.at++] = TAG.float;
        this.at = this.buffer.writeDoubleLE(value, this.at);
      }
    } else if (typeof value === 'string') {
      this.room(5 + value.length * 3);
      this.buffer[this.at] = TAG.text;
      const length = this.buffer.write(value, this.at + 5, 'utf8');
      this.buffer.writeUInt32LE(length, this.at + 1);
      this.at += 5 + length;
    } else {
      this.room(5 + value.length);
      this.buffer[this.at] = TAG.blob;
      this.buffer.writeUInt32LE(value.length, this.at + 1);
      this.buffer.set(value, this.at + 5);
      this.at += 5 + value.length;
    }
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Forgets what was written since the last frame. */
  discard(): void {
    this.at = FRAME_HEAD_BYTES;
  }

  /** The frame (a copy: the writer is reused), and the writer emptied for the next one. */
  finish(kind: number): Buffer {
    const frame = Buffer.from(this.buffer.subarray(0, this.at));
    frame[0] = kind;
    frame.writeUInt32LE(this.at - FRAME_HEAD_BYTES, 1);
    frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEAD_BYTES)), 5);
    this.at = FRAME_HEAD_BYTES;
    return frame;
  }
}

/** A frame holding JSON (header, end). */
export function jsonFrame(kind: number, value: unknown): Buffer {
  const writer = new FrameWriter();
  writer.bytes(Buffer.from(JSON.stringify(value), 'utf8'));
  return writer.finish(kind);
}

/** Reads one frame's payload in order. */
export class PayloadReader {
  private at = 0;

  constructor(private readonly payload: Buffer) {}

  get done(): boolean {
    return this.at >= this.payload.length;
  }

  u16(): number {
    const value = this.payload.readUInt16LE(this.at);
    this.at += 2;
    return value;
  }

  u32(): number {
    const value = this.payload.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  value(): SqlValue {
    const tag = this.payload[this.at++];
    switch (tag) {
      case TAG.null:
        return null;
      case TAG.int:
        this.at += 4;
        return this.payload.readInt32LE(this.at - 4);
      case TAG.float:
        this.at += 8;
        return this.payload.readDoubleLE(this.at - 8);
      case TAG.text:
      case TAG.blob: {
        const length = this.payload.readUInt32LE(this.at);
        const start = this.at + 4;
        const end = start + length;
        if (end > this.payload.length) throw new Error('a value runs past its frame');
        this.at = end;
        return tag === TAG.text ? this.payload.toString('utf8', start, end) : new Uint8Array(this.payload.subarray(start, end));
      }
      default:
        throw new Error(`unknown value tag ${tag}`);
    }
  }

  json(): unknown {
    return JSON.parse(this.payload.toString('utf8'));
  }
}
