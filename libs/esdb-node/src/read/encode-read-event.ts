import { LENGTH_DELIMITED, ProtoWriter, VARINT, delimitedSize, splitUint64, tag, varint32Length, varint64Length, type Uint64Parts } from '../grpc/proto-writer.js';
import type { RecordedEvent } from '../storage/event-log.js';

/**
 * The `ReadResp` EventStoreDB sends for one event of a read or a subscription, as protobuf bytes written
 * straight from the stored record (the node's Streams service sends pre-encoded responses as they are;
 * see `grpc/streams-service.ts`). The bytes are those google-protobuf writes for the same message.
 *
 * `event` is the event itself (for a resolved link, the link's target; undefined for a link whose target
 * is gone), `link` the `$>` record it came through. `commit_position` is the position of the original
 * event (the link when there is one), as `ResolvedEvent.OriginalPosition` on the server. The metadata
 * map carries `content-type`, `created` (.NET ticks since the Unix epoch) and `type`.
 *
 *   ReadResp { ReadEvent event = 1 }
 *   ReadEvent { RecordedEvent event = 1; RecordedEvent link = 2; uint64 commit_position = 3 }
 *   RecordedEvent { UUID id = 1; StreamIdentifier stream_identifier = 2; uint64 stream_revision = 3;
 *     uint64 prepare_position = 4; uint64 commit_position = 5; map<string, string> metadata = 6;
 *     bytes custom_metadata = 7; bytes data = 8 }
 *   UUID { Structured structured = 1 { int64 most = 1; int64 least = 2 } | string string = 2 }
 *   StreamIdentifier { bytes stream_name = 3 }
 */
export function encodeReadEvent(
  event: RecordedEvent | undefined,
  options: { structuredUuids: boolean; link?: RecordedEvent },
): Buffer {
  const eventPlan = event ? plan(event, options.structuredUuids) : undefined;
  const linkPlan = options.link ? plan(options.link, options.structuredUuids) : undefined;
  const commit = splitUint64((options.link ?? event)!.position, scratch);
  const commitHi = commit.hi;
  const commitLo = commit.lo;
  const readEventSize =
    (eventPlan ? delimitedSize(eventPlan.size) : 0) +
    (linkPlan ? delimitedSize(linkPlan.size) : 0) +
    1 +
    varint64Length(commitHi, commitLo);
  const writer = new ProtoWriter(Buffer.allocUnsafe(delimitedSize(readEventSize)));
  writer.byte(tag(1, LENGTH_DELIMITED));
  writer.varint32(readEventSize);
  if (eventPlan) writeRecorded(writer, 1, eventPlan);
  if (linkPlan) writeRecorded(writer, 2, linkPlan);
  writer.byte(tag(3, VARINT));
  writer.varint64(commitHi, commitLo);
  return writer.buffer;
}

const scratch: Uint64Parts = { hi: 0, lo: 0 };

const TYPE_KEY = Buffer.from('type');
const CONTENT_TYPE_KEY = Buffer.from('content-type');
const CREATED_KEY = Buffer.from('created');

/** Everything about one RecordedEvent message that its size depends on, computed once. */
interface RecordedPlan {
  readonly event: RecordedEvent;
  readonly uuid: Buffer;
  readonly streamNameLength: number;
  readonly streamIdentifierSize: number;
  readonly revisionHi: number;
  readonly revisionLo: number;
  readonly positionHi: number;
  readonly positionLo: number;
  readonly created: string;
  readonly eventTypeLength: number;
  readonly contentTypeLength: number;
  readonly size: number;
}

function plan(event: RecordedEvent, structuredUuids: boolean): RecordedPlan {
  const uuid = encodeUuid(event.eventId, structuredUuids);
  const streamNameLength = utf8Length(event.streamId);
  const streamIdentifierSize = streamNameLength > 0 ? delimitedSize(streamNameLength) : 0;
  const revision = splitUint64(event.revision, scratch);
  const revisionHi = revision.hi;
  const revisionLo = revision.lo;
  const position = splitUint64(event.position, scratch);
  const positionHi = position.hi;
  const positionLo = position.lo;
  const created = event.createdTicks.toString();
  const eventTypeLength = utf8Length(event.eventType);
  const contentTypeLength = utf8Length(event.contentType);
  const hasRevision = revisionHi !== 0 || revisionLo !== 0;
  const hasPosition = positionHi !== 0 || positionLo !== 0;
  const size =
    delimitedSize(uuid.length) +
    delimitedSize(streamIdentifierSize) +
    (hasRevision ? 1 + varint64Length(revisionHi, revisionLo) : 0) +
    (hasPosition ? 2 * (1 + varint64Length(positionHi, positionLo)) : 0) +
    delimitedSize(entrySize(CONTENT_TYPE_KEY.length, contentTypeLength)) +
    delimitedSize(entrySize(CREATED_KEY.length, created.length)) +
    delimitedSize(entrySize(TYPE_KEY.length, eventTypeLength)) +
    (event.metadata.length > 0 ? delimitedSize(event.metadata.length) : 0) +
    (event.data.length > 0 ? delimitedSize(event.data.length) : 0);
  return {
    event,
    uuid,
    streamNameLength,
    streamIdentifierSize,
    revisionHi,
    revisionLo,
    positionHi,
    positionLo,
    created,
    eventTypeLength,
    contentTypeLength,
    size,
  };
}

const entrySize = (keyLength: number, valueLength: number) => delimitedSize(keyLength) + delimitedSize(valueLength);

function writeRecorded(writer: ProtoWriter, field: number, p: RecordedPlan): void {
  const { event } = p;
  writer.byte(tag(field, LENGTH_DELIMITED));
  writer.varint32(p.size);
  writer.byte(tag(1, LENGTH_DELIMITED));
  writer.varint32(p.uuid.length);
  writer.bytes(p.uuid);
  writer.byte(tag(2, LENGTH_DELIMITED));
  writer.varint32(p.streamIdentifierSize);
  if (p.streamNameLength > 0) {
    writer.byte(tag(3, LENGTH_DELIMITED));
    writer.varint32(p.streamNameLength);
    writeText(writer, event.streamId, p.streamNameLength);
  }
  if (p.revisionHi !== 0 || p.revisionLo !== 0) {
    writer.byte(tag(3, VARINT));
    writer.varint64(p.revisionHi, p.revisionLo);
  }
  if (p.positionHi !== 0 || p.positionLo !== 0) {
    writer.byte(tag(4, VARINT));
    writer.varint64(p.positionHi, p.positionLo);
    writer.byte(tag(5, VARINT));
    writer.varint64(p.positionHi, p.positionLo);
  }
  // Map entries in key order, as google-protobuf writes them.
  writeEntry(writer, CONTENT_TYPE_KEY, event.contentType, p.contentTypeLength);
  writeEntry(writer, CREATED_KEY, p.created, p.created.length);
  writeEntry(writer, TYPE_KEY, event.eventType, p.eventTypeLength);
  if (event.metadata.length > 0) {
    writer.byte(tag(7, LENGTH_DELIMITED));
    writer.varint32(event.metadata.length);
    writer.bytes(event.metadata);
  }
  if (event.data.length > 0) {
    writer.byte(tag(8, LENGTH_DELIMITED));
    writer.varint32(event.data.length);
    writer.bytes(event.data);
  }
}

function writeEntry(writer: ProtoWriter, key: Buffer, value: string, valueLength: number): void {
  writer.byte(tag(6, LENGTH_DELIMITED));
  writer.varint32(entrySize(key.length, valueLength));
  writer.byte(tag(1, LENGTH_DELIMITED));
  writer.varint32(key.length);
  writer.bytes(key);
  writer.byte(tag(2, LENGTH_DELIMITED));
  writer.varint32(valueLength);
  writeText(writer, value, valueLength);
}

/**
 * A UUID message as EventStoreDB encodes it: the hyphenated string, or (the default the client asks for)
 * the structured form, the 16 bytes as two big-endian signed 64-bit halves. A signed 64-bit varint is
 * the unsigned varint of its two's complement, so the hex digits give the halves directly.
 */
export function encodeUuid(id: string, structured: boolean): Buffer {
  if (!structured) {
    const length = Buffer.byteLength(id, 'utf8');
    const writer = new ProtoWriter(Buffer.allocUnsafe(delimitedSize(length)));
    writer.byte(tag(2, LENGTH_DELIMITED));
    writer.varint32(length);
    writer.utf8(id, length);
    return writer.buffer;
  }
  let msbHi: number;
  let msbLo: number;
  let lsbHi: number;
  let lsbLo: number;
  if (id.length === 36 && id.charCodeAt(8) === HYPHEN && id.charCodeAt(13) === HYPHEN && id.charCodeAt(18) === HYPHEN && id.charCodeAt(23) === HYPHEN) {
    // 8-4-4-4-12: the four 32-bit quarters read in place (the hyphens at 13 and 23 passed over).
    msbHi = hex32(id, 0, -1);
    msbLo = hex32(id, 9, 13);
    lsbHi = hex32(id, 19, 23);
    lsbLo = hex32(id, 28, -1);
  } else {
    msbHi = msbLo = lsbHi = lsbLo = Number.NaN;
  }
  if (Number.isNaN(msbHi + msbLo + lsbHi + lsbLo)) {
    const hex = id.replace(/-/g, '');
    msbHi = parseInt(hex.slice(0, 8), 16);
    msbLo = parseInt(hex.slice(8, 16), 16);
    lsbHi = parseInt(hex.slice(16, 24), 16);
    lsbLo = parseInt(hex.slice(24, 32), 16);
  }
  const hasMsb = msbHi !== 0 || msbLo !== 0;
  const hasLsb = lsbHi !== 0 || lsbLo !== 0;
  const innerSize = (hasMsb ? 1 + varint64Length(msbHi, msbLo) : 0) + (hasLsb ? 1 + varint64Length(lsbHi, lsbLo) : 0);
  const writer = new ProtoWriter(Buffer.allocUnsafe(delimitedSize(innerSize)));
  writer.byte(tag(1, LENGTH_DELIMITED));
  writer.varint32(innerSize);
  if (hasMsb) {
    writer.byte(tag(1, VARINT));
    writer.varint64(msbHi, msbLo);
  }
  if (hasLsb) {
    writer.byte(tag(2, VARINT));
    writer.varint64(lsbHi, lsbLo);
  }
  return writer.buffer;
}

/**
 * The short texts of a record (stream name, type, content type, `created`) are nearly always ASCII: their
 * length and bytes are then had in JavaScript, without a call into C++ for each (which costs more than the
 * copy itself at these lengths). Anything else goes through Buffer.
 */
const SHORT_TEXT = 64;

const utf8Length = (text: string): number => {
  if (text.length <= SHORT_TEXT) {
    let i = 0;
    while (i < text.length && text.charCodeAt(i) < 0x80) i++;
    if (i === text.length) return i;
  }
  return Buffer.byteLength(text, 'utf8');
};

const writeText = (writer: ProtoWriter, text: string, byteLength: number): void => {
  if (byteLength !== text.length || byteLength > SHORT_TEXT) {
    writer.utf8(text, byteLength);
    return;
  }
  const { buffer } = writer;
  let offset = writer.offset;
  for (let i = 0; i < byteLength; i++) buffer[offset++] = text.charCodeAt(i);
  writer.offset = offset;
};

const HYPHEN = 45;

/** Eight hex digits of `id` from `start` (passing over the character at `skip`) as an unsigned 32-bit value; NaN past a non-digit. */
const hex32 = (id: string, start: number, skip: number): number => {
  let value = 0;
  for (let i = start, n = 0; n < 8; i++) {
    if (i === skip) continue;
    const code = id.charCodeAt(i);
    const lower = code | 32;
    const digit = code >= 48 && code <= 57 ? code - 48 : lower >= 97 && lower <= 102 ? lower - 87 : Number.NaN;
    value = value * 16 + digit;
    n++;
  }
  return value;
};
