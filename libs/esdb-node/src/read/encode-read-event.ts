import type { ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import { shared, streams } from '../grpc/proto.js';
import type { RecordedEvent } from '../storage/event-log.js';

/**
 * Builds the `ReadResp` that EventStoreDB sends for one event of a read or a subscription:
 * `event` is the event itself (for a resolved link, the link's target), `link` the link record
 * (`$>` event) it came through. `commit_position` is the position of the original event
 * (the link when there is one), as `ResolvedEvent.OriginalPosition` on the server.
 * The metadata map carries `type`, `content-type` and `created` (.NET ticks since the Unix epoch).
 */
export function encodeReadEvent(
  event: RecordedEvent,
  options: { structuredUuids: boolean; link?: RecordedEvent },
): ReadResp {
  const readEvent = new streams.ReadResp.ReadEvent();
  readEvent.setEvent(encodeRecordedEvent(event, options.structuredUuids));
  if (options.link) readEvent.setLink(encodeRecordedEvent(options.link, options.structuredUuids));
  const original = options.link ?? event;
  readEvent.setCommitPosition(original.position.toString());
  const resp = new streams.ReadResp();
  resp.setEvent(readEvent);
  return resp;
}

/** One `ReadResp.ReadEvent.RecordedEvent` (also used on its own for an unresolvable link). */
export function encodeRecordedEvent(
  event: RecordedEvent,
  structuredUuids: boolean,
): ReadResp.ReadEvent.RecordedEvent {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(encodeUuid(event.eventId, structuredUuids));
  const streamIdentifier = new shared.StreamIdentifier();
  streamIdentifier.setStreamName(Buffer.from(event.streamId, 'utf8'));
  recorded.setStreamIdentifier(streamIdentifier);
  recorded.setStreamRevision(event.revision.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.setCommitPosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.eventType);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.createdTicks.toString());
  recorded.setCustomMetadata(event.metadata);
  recorded.setData(event.data);
  return recorded;
}

/**
 * A UUID as EventStoreDB encodes it: the hyphenated string, or (the default the client asks for)
 * the structured form, the 16 bytes as two big-endian signed 64-bit halves.
 */
export function encodeUuid(id: string, structured: boolean): UUID {
  const uuid = new shared.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replace(/-/g, '');
  const value = new shared.UUID.Structured();
  value.setMostSignificantBits(BigInt.asIntN(64, BigInt('0x' + hex.slice(0, 16))).toString());
  value.setLeastSignificantBits(BigInt.asIntN(64, BigInt('0x' + hex.slice(16, 32))).toString());
  uuid.setStructured(value);
  return uuid;
}

/** The lower-case hyphenated form of a UUID message in either encoding. */
export function decodeUuid(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const msb = BigInt.asUintN(64, BigInt(s.getMostSignificantBits())).toString(16).padStart(16, '0');
    const lsb = BigInt.asUintN(64, BigInt(s.getLeastSignificantBits())).toString(16).padStart(16, '0');
    const hex = msb + lsb;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}
