import type { AppendReq, BatchAppendReq } from '@eventstore/db-client/generated/streams_pb.js';
import { decodeUuid, parseGuid } from '../grpc/uuid.js';
import type { ExpectedRevision, ProposedEvent } from '../storage/sqlite-event-log.js';

export class MissingMetadataPropertyError extends Error {
  constructor(readonly property: string) {
    super(`Required metadata property '${property}' is missing.`);
  }
}

/** An event id in the string form that is not a Guid as EventStoreDB parses it (see `parseGuid`). */
export class InvalidEventIdError extends Error {
  constructor(readonly id: string) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
    super(`Event id '${shown}' is not a UUID: expected 32 hex digits, as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.`);
  }
}

/** A proposed message as stored, plus its size as EventStoreDB counts it against the append limit. */
export function toProposedEvent(
  message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
): { event: ProposedEvent; size: number } {
  return proposedEventOf({
    id: decodeUuid(message.getId()),
    metadata: message.getMetadataMap(),
    data: asBuffer(message.getData_asU8()),
    customMetadata: asBuffer(message.getCustomMetadata_asU8()),
  });
}

/** The same from a proposed message's fields as read (`batch-append-codec.ts`). */
export function proposedEventOf(message: {
  readonly id: string | undefined;
  readonly metadata: { get(key: string): string | undefined };
  readonly data: Buffer;
  readonly customMetadata: Buffer;
}): { event: ProposedEvent; size: number } {
  const map = message.metadata;
  const eventType = map.get('type');
  if (eventType === undefined) throw new MissingMetadataPropertyError('type');
  const contentTypeRaw = map.get('content-type');
  if (contentTypeRaw === undefined) throw new MissingMetadataPropertyError('content-type');
  if (!message.id) throw new MissingMetadataPropertyError('id');
  const eventId = parseGuid(message.id);
  if (eventId === undefined) throw new InvalidEventIdError(message.id);
  // Views, not copies: the decoded request owns its bytes, and the store copies them once on their way to the writer.
  const data = message.data;
  const metadata = message.customMetadata;
  const contentType = contentTypeRaw === 'application/json' ? 'application/json' : 'application/octet-stream';
  const size = data.length + metadata.length + Buffer.byteLength(eventType) + Buffer.byteLength(contentTypeRaw) + 16;
  return { event: { eventId, eventType, contentType, data, metadata }, size };
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** EventStoreDB's numeric form of an expected revision (-2 any, -1 no stream, -4 stream exists). */
export function expectedAsNumber(expected: ExpectedRevision): bigint {
  switch (expected.kind) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    case 'exact':
      return expected.revision;
  }
}
