/**
 * `BatchAppendReq` read and `BatchAppendResp` (success) written by hand: every append of the client goes
 * through these two messages, and google-protobuf's objects cost more than the rest of the request's work on
 * the event loop (a message object per field, int64s as decimal strings turned into hex). A spec checks both
 * against google-protobuf on the same messages.
 *
 *   BatchAppendReq { UUID correlation_id = 1; Options options = 2; repeated ProposedMessage proposed_messages = 3;
 *     bool is_final = 4 }
 *   Options { StreamIdentifier stream_identifier = 1; oneof expected_stream_position { uint64 stream_position = 2;
 *     Empty no_stream = 3; Empty any = 4; Empty stream_exists = 5 } Timestamp deadline = 6 }
 *   ProposedMessage { UUID id = 1; map<string, string> metadata = 2; bytes custom_metadata = 3; bytes data = 4 }
 *   UUID { oneof value { Structured structured = 1 { int64 most = 1; int64 least = 2 }; string string = 2 } }
 *   StreamIdentifier { bytes stream_name = 3 }   Timestamp { int64 seconds = 1; int32 nanos = 2 }
 *
 *   BatchAppendResp { UUID correlation_id = 1; Status error = 2; Success success = 3;
 *     StreamIdentifier stream_identifier = 4; oneof expected_stream_position { uint64 stream_position = 5;
 *     Empty no_stream = 6; Empty any = 7; Empty stream_exists = 8 } }
 *   Success { oneof current_revision_option { uint64 current_revision = 1; Empty no_stream = 2 }
 *     oneof position_option { AllStreamPosition position = 3; Empty no_position = 4 } }
 *   AllStreamPosition { uint64 commit_position = 1; uint64 prepare_position = 2 }
 */
import { LENGTH_DELIMITED, ProtoWriter, VARINT, delimitedSize, splitUint64, tag, varint64Length } from '../grpc/proto-writer.js';
import { MalformedMessageError, ProtoReader, int64ToNumber, uint64ToBigInt } from '../grpc/proto-reader.js';
import type { ExpectedRevision } from '../storage/sqlite-event-log.js';

/** A proposed message as read: its fields, raw (what a missing one means is `toProposedEvent`'s business). */
export interface ProposedMessageIn {
  /** The structured form lower-case hyphenated, the string form as sent; undefined when the message has no id. */
  readonly id: string | undefined;
  readonly metadata: ReadonlyMap<string, string>;
  readonly customMetadata: Buffer;
  readonly data: Buffer;
}

export interface BatchAppendOptionsIn {
  /** The `StreamIdentifier` message's bytes, as sent (echoed in the answer). */
  readonly streamIdentifier: Buffer | undefined;
  readonly streamName: string;
  /** `any` also when the client sent no expectation (as the answer then says). */
  readonly expected: ExpectedRevision;
  /** The deadline as epoch milliseconds, when there is one. */
  readonly deadlineMs: number | undefined;
}

export interface BatchAppendRequestIn {
  /** The correlation `UUID` message's bytes, as sent (echoed in the answer); undefined when absent or empty. */
  readonly correlationId: Buffer | undefined;
  readonly options: BatchAppendOptionsIn | undefined;
  readonly proposedMessages: ProposedMessageIn[];
  readonly isFinal: boolean;
}

const parts = { hi: 0, lo: 0 };

/** The gRPC deserializer of `Streams.BatchAppend` requests. */
export function decodeBatchAppendReq(bytes: Buffer): BatchAppendRequestIn {
  const reader = new ProtoReader(bytes);
  let correlationId: Buffer | undefined;
  let options: BatchAppendOptionsIn | undefined;
  const proposedMessages: ProposedMessageIn[] = [];
  let isFinal = false;
  while (!reader.done) {
    const key = reader.uint32();
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 1 && wireType === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      correlationId = end > start ? bytes.subarray(start, end) : undefined;
    } else if (field === 2 && wireType === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      options = decodeOptions(bytes, start, end);
    } else if (field === 3 && wireType === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      proposedMessages.push(decodeProposedMessage(bytes, start, end));
    } else if (field === 4 && wireType === VARINT) {
      isFinal = reader.uint64(parts).lo !== 0 || parts.hi !== 0;
    } else reader.skip(wireType);
  }
  return { correlationId, options, proposedMessages, isFinal };
}

function decodeOptions(bytes: Buffer, from: number, to: number): BatchAppendOptionsIn {
  const reader = new ProtoReader(bytes, from, to);
  let streamIdentifier: Buffer | undefined;
  let streamName = '';
  let expected: ExpectedRevision = { kind: 'any' };
  let deadlineMs: number | undefined;
  while (!reader.done) {
    const key = reader.uint32();
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 1 && wireType === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      streamIdentifier = bytes.subarray(start, end);
      streamName = decodeStreamName(bytes, start, end);
    } else if (field === 2 && wireType === VARINT) {
      reader.uint64(parts);
      expected = { kind: 'exact', revision: uint64ToBigInt(parts.hi, parts.lo) };
    } else if (field >= 3 && field <= 5 && wireType === LENGTH_DELIMITED) {
      reader.delimited();
      expected = field === 3 ? { kind: 'no_stream' } : field === 4 ? { kind: 'any' } : { kind: 'stream_exists' };
    } else if (field === 6 && wireType === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      deadlineMs = decodeTimestampMs(bytes, start, end);
    } else reader.skip(wireType);
  }
  return { streamIdentifier, streamName, expected, deadlineMs };
}

/** `StreamIdentifier.stream_name` (bytes, UTF-8), the last one sent as protobuf has it. */
function decodeStreamName(bytes: Buffer, from: number, to: number): string {
  const reader = new ProtoReader(bytes, from, to);
  let name = '';
  while (!reader.done) {
    const key = reader.uint32();
    if (key >>> 3 === 3 && (key & 7) === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      name = bytes.toString('utf8', start, end);
    } else reader.skip(key & 7);
  }
  return name;
}

function decodeTimestampMs(bytes: Buffer, from: number, to: number): number {
  const reader = new ProtoReader(bytes, from, to);
  let seconds = 0;
  let nanos = 0;
  while (!reader.done) {
    const key = reader.uint32();
    const field = key >>> 3;
    if (field === 1 && (key & 7) === VARINT) {
      reader.uint64(parts);
      seconds = int64ToNumber(parts.hi, parts.lo);
    } else if (field === 2 && (key & 7) === VARINT) {
      reader.uint64(parts);
      nanos = parts.lo | 0;
    } else reader.skip(key & 7);
  }
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}

function decodeProposedMessage(bytes: Buffer, from: number, to: number): ProposedMessageIn {
  const reader = new ProtoReader(bytes, from, to);
  let id: string | undefined;
  const metadata = new Map<string, string>();
  let customMetadata: Buffer = EMPTY;
  let data: Buffer = EMPTY;
  while (!reader.done) {
    const key = reader.uint32();
    const field = key >>> 3;
    const wireType = key & 7;
    if (wireType !== LENGTH_DELIMITED) {
      reader.skip(wireType);
      continue;
    }
    const { start, end } = reader.delimited();
    switch (field) {
      case 1:
        id = decodeUuid(bytes, start, end);
        break;
      case 2:
        decodeMapEntry(bytes, start, end, metadata);
        break;
      case 3:
        customMetadata = bytes.subarray(start, end);
        break;
      case 4:
        data = bytes.subarray(start, end);
        break;
    }
  }
  return { id, metadata, customMetadata, data };
}

const EMPTY = Buffer.alloc(0);

function decodeMapEntry(bytes: Buffer, from: number, to: number, into: Map<string, string>): void {
  const reader = new ProtoReader(bytes, from, to);
  let key = '';
  let value = '';
  while (!reader.done) {
    const tagValue = reader.uint32();
    const field = tagValue >>> 3;
    if ((field === 1 || field === 2) && (tagValue & 7) === LENGTH_DELIMITED) {
      const { start, end } = reader.delimited();
      if (field === 1) key = bytes.toString('utf8', start, end);
      else value = bytes.toString('utf8', start, end);
    } else reader.skip(tagValue & 7);
  }
  into.set(key, value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (value: number): string =>
  HEX[value >>> 24]! + HEX[(value >>> 16) & 0xff]! + HEX[(value >>> 8) & 0xff]! + HEX[value & 0xff]!;

/**
 * A `UUID` message as a string: the structured form lower-case hyphenated (its two signed 64-bit halves are
 * the unsigned varints of their two's complement, so their bits are the UUID's bytes, big-endian), the string
 * form as sent (`parseGuid` reads it). Undefined when neither form is set (or the string is empty), as google-protobuf's getters would give.
 */
export function decodeUuid(bytes: Buffer, from: number, to: number): string | undefined {
  const reader = new ProtoReader(bytes, from, to);
  let structured: { start: number; end: number } | undefined;
  let text: string | undefined;
  while (!reader.done) {
    const key = reader.uint32();
    const field = key >>> 3;
    if ((field === 1 || field === 2) && (key & 7) === LENGTH_DELIMITED) {
      const bounds = reader.delimited();
      if (field === 1) {
        structured = bounds;
        text = undefined;
      } else {
        text = bytes.toString('utf8', bounds.start, bounds.end);
        structured = undefined;
      }
    } else reader.skip(key & 7);
  }
  if (structured) {
    const inner = new ProtoReader(bytes, structured.start, structured.end);
    let msbHi = 0;
    let msbLo = 0;
    let lsbHi = 0;
    let lsbLo = 0;
    while (!inner.done) {
      const key = inner.uint32();
      const field = key >>> 3;
      if ((field === 1 || field === 2) && (key & 7) === VARINT) {
        inner.uint64(parts);
        if (field === 1) {
          msbHi = parts.hi;
          msbLo = parts.lo;
        } else {
          lsbHi = parts.hi;
          lsbLo = parts.lo;
        }
      } else inner.skip(key & 7);
    }
    const a = hex32(msbHi);
    const b = hex32(msbLo);
    const c = hex32(lsbHi);
    const d = hex32(lsbLo);
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
  return text || undefined;
}

/** The answer to a stored (or idempotently acknowledged) append, as google-protobuf would write it. */
export function encodeBatchAppendSuccess(
  correlationId: Buffer,
  options: BatchAppendOptionsIn,
  currentRevision: bigint,
  position: bigint,
): Buffer {
  const revision = currentRevision >= 0n ? splitUint64(currentRevision, { hi: 0, lo: 0 }) : undefined;
  const pos = splitUint64(position, { hi: 0, lo: 0 });
  const positionSize = pos.hi !== 0 || pos.lo !== 0 ? 2 * (1 + varint64Length(pos.hi, pos.lo)) : 0;
  const successSize = (revision ? 1 + varint64Length(revision.hi, revision.lo) : 2) + delimitedSize(positionSize);
  const expected = options.expected;
  const streamPosition = expected.kind === 'exact' ? splitUint64(expected.revision, { hi: 0, lo: 0 }) : undefined;
  const size =
    delimitedSize(correlationId.length) +
    delimitedSize(successSize) +
    (options.streamIdentifier ? delimitedSize(options.streamIdentifier.length) : 0) +
    (streamPosition ? 1 + varint64Length(streamPosition.hi, streamPosition.lo) : 2);
  const writer = new ProtoWriter(Buffer.allocUnsafe(size));
  writer.byte(tag(1, LENGTH_DELIMITED));
  writer.varint32(correlationId.length);
  writer.bytes(correlationId);
  writer.byte(tag(3, LENGTH_DELIMITED));
  writer.varint32(successSize);
  if (revision) {
    writer.byte(tag(1, VARINT));
    writer.varint64(revision.hi, revision.lo);
  } else {
    writer.byte(tag(2, LENGTH_DELIMITED));
    writer.byte(0);
  }
  writer.byte(tag(3, LENGTH_DELIMITED));
  writer.varint32(positionSize);
  if (positionSize > 0) {
    writer.byte(tag(1, VARINT));
    writer.varint64(pos.hi, pos.lo);
    writer.byte(tag(2, VARINT));
    writer.varint64(pos.hi, pos.lo);
  }
  if (options.streamIdentifier) {
    writer.byte(tag(4, LENGTH_DELIMITED));
    writer.varint32(options.streamIdentifier.length);
    writer.bytes(options.streamIdentifier);
  }
  if (streamPosition) {
    writer.byte(tag(5, VARINT));
    writer.varint64(streamPosition.hi, streamPosition.lo);
  } else {
    // no_stream 6, any 7 (also when the client sent no expectation), stream_exists 8: an empty message.
    writer.byte(tag(expected.kind === 'no_stream' ? 6 : expected.kind === 'stream_exists' ? 8 : 7, LENGTH_DELIMITED));
    writer.byte(0);
  }
  if (writer.offset !== size) throw new MalformedMessageError('BatchAppendResp size mismatch');
  return writer.buffer;
}
