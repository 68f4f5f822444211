/**
 * The few protobuf wire-format readings the node does by hand on its hot path (BatchAppend requests): tags,
 * varints (64-bit ones as two 32-bit halves), length-delimited fields as views, unknown fields skipped.
 * A malformed message throws `MalformedMessageError`.
 */
export class MalformedMessageError extends Error {
  constructor(what: string) {
    super(`Malformed protobuf message: ${what}.`);
    this.name = 'MalformedMessageError';
  }
}

export class ProtoReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  get done(): boolean {
    return this.offset >= this.end;
  }

  /** A varint that fits in 32 bits unsigned (tags, lengths, bools, int32s of small values). */
  uint32(): number {
    let result = 0;
    let shift = 0;
    while (true) {
      if (this.offset >= this.end) throw new MalformedMessageError('truncated varint');
      const byte = this.bytes[this.offset++]!;
      if (shift < 28) result |= (byte & 0x7f) << shift;
      else if (shift === 28) result = (result | ((byte & 0x0f) << 28)) >>> 0;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
      if (shift > 63) throw new MalformedMessageError('varint too long');
    }
  }

  /** A 64-bit varint as its high and low 32 bits (unsigned), into `out`. */
  uint64(out: { hi: number; lo: number }): { hi: number; lo: number } {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    while (true) {
      if (this.offset >= this.end) throw new MalformedMessageError('truncated varint');
      const byte = this.bytes[this.offset++]!;
      const bits = byte & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else if (shift < 64) hi |= bits << (shift - 32);
      if (byte < 0x80) break;
      shift += 7;
      if (shift > 63) throw new MalformedMessageError('varint too long');
    }
    out.hi = hi >>> 0;
    out.lo = lo >>> 0;
    return out;
  }

  /** The bounds of a length-delimited field's content; the reader moves past it. */
  delimited(): { start: number; end: number } {
    const length = this.uint32();
    const start = this.offset;
    const end = start + length;
    if (end > this.end) throw new MalformedMessageError('length past the end');
    this.offset = end;
    return { start, end };
  }

  /** Skips a field of the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.uint64(scratch);
        return;
      case 1:
        this.offset += 8;
        break;
      case 2:
        this.delimited();
        return;
      case 5:
        this.offset += 4;
        break;
      default:
        throw new MalformedMessageError(`wire type ${wireType}`);
    }
    if (this.offset > this.end) throw new MalformedMessageError('field past the end');
  }
}

const scratch = { hi: 0, lo: 0 };

/** An unsigned 64-bit value from its halves. */
export const uint64ToBigInt = (hi: number, lo: number): bigint =>
  hi === 0 ? BigInt(lo) : hi < 0x200000 ? BigInt(hi * 4294967296 + lo) : (BigInt(hi) << 32n) | BigInt(lo);

/** A signed 64-bit value (two's complement halves) as a number, exact within ±2^53. */
export const int64ToNumber = (hi: number, lo: number): number =>
  hi >= 0x80000000 ? -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1) : hi * 4294967296 + lo;
