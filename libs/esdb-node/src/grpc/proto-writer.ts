/**
 * The few protobuf wire-format primitives the node writes by hand on its hot paths (events streamed to
 * readers and subscribers): varints of unsigned 64-bit values split in two 32-bit halves, length-delimited
 * fields, all into one pre-sized Buffer. No objects per field, no intermediate copies.
 */

/** Wire types. */
export const VARINT = 0;
export const LENGTH_DELIMITED = 2;

export const tag = (field: number, wireType: number): number => (field << 3) | wireType;

const TWO_32 = 4294967296;

/** The high and low 32 bits of an unsigned 64-bit value (a bigint from storage), into `out`. */
export function splitUint64(value: bigint, out: Uint64Parts): Uint64Parts {
  const n = Number(value);
  if (n <= Number.MAX_SAFE_INTEGER) {
    out.hi = Math.floor(n / TWO_32);
    out.lo = n >>> 0;
  } else {
    out.hi = Number((value >> 32n) & 0xffffffffn);
    out.lo = Number(value & 0xffffffffn);
  }
  return out;
}

export interface Uint64Parts {
  hi: number;
  lo: number;
}

export function varint64Length(hi: number, lo: number): number {
  let length = 1;
  while (hi > 0 || lo > 127) {
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
    length++;
  }
  return length;
}

export function varint32Length(value: number): number {
  let length = 1;
  while (value > 127) {
    value >>>= 7;
    length++;
  }
  return length;
}

/** Writes into a Buffer sized beforehand with the `*Length` functions. */
export class ProtoWriter {
  offset = 0;

  constructor(readonly buffer: Buffer) {}

  byte(value: number): void {
    this.buffer[this.offset++] = value;
  }

  varint32(value: number): void {
    while (value > 127) {
      this.buffer[this.offset++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buffer[this.offset++] = value;
  }

  varint64(hi: number, lo: number): void {
    while (hi > 0 || lo > 127) {
      this.buffer[this.offset++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buffer[this.offset++] = lo;
  }

  bytes(value: Uint8Array): void {
    this.buffer.set(value, this.offset);
    this.offset += value.length;
  }

  /** A string whose UTF-8 length the caller already knows. */
  utf8(value: string, byteLength: number): void {
    this.offset += this.buffer.write(value, this.offset, byteLength, 'utf8');
  }
}

/** Size of a length-delimited field whose content is `length` bytes (tag of a field number below 16). */
export const delimitedSize = (length: number): number => 1 + varint32Length(length) + length;
