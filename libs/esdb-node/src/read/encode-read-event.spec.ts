import type { ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { shared, streams } from '../grpc/proto.js';
import { DELETED_STREAM_REVISION } from '../metadata/stream-metadata.js';
import type { RecordedEvent } from '../storage/event-log.js';
import { encodeReadEvent } from './encode-read-event.js';

/** What google-protobuf writes for the same message: the reference the hand-written encoder must match byte for byte. */
function reference(event: RecordedEvent | undefined, structuredUuids: boolean, link?: RecordedEvent): Uint8Array {
  const recorded = (e: RecordedEvent) => {
    const message = new streams.ReadResp.ReadEvent.RecordedEvent();
    const uuid = new shared.UUID();
    if (structuredUuids) {
      const hex = e.eventId.replace(/-/g, '');
      const value = new shared.UUID.Structured();
      value.setMostSignificantBits(BigInt.asIntN(64, BigInt('0x' + hex.slice(0, 16))).toString());
      value.setLeastSignificantBits(BigInt.asIntN(64, BigInt('0x' + hex.slice(16))).toString());
      uuid.setStructured(value);
    } else uuid.setString(e.eventId);
    message.setId(uuid);
    const identifier = new shared.StreamIdentifier();
    identifier.setStreamName(Buffer.from(e.streamId, 'utf8'));
    message.setStreamIdentifier(identifier);
    message.setStreamRevision(e.revision.toString());
    message.setPreparePosition(e.position.toString());
    message.setCommitPosition(e.position.toString());
    message.getMetadataMap().set('type', e.eventType);
    message.getMetadataMap().set('content-type', e.contentType);
    message.getMetadataMap().set('created', e.createdTicks.toString());
    message.setCustomMetadata(e.metadata);
    message.setData(e.data);
    return message;
  };
  const readEvent = new streams.ReadResp.ReadEvent();
  if (event) readEvent.setEvent(recorded(event));
  if (link) readEvent.setLink(recorded(link));
  readEvent.setCommitPosition((link ?? event)!.position.toString());
  const resp: ReadResp = new streams.ReadResp();
  resp.setEvent(readEvent);
  return resp.serializeBinary();
}

const event = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  position: 1234567n,
  streamId: 'consent-request-ü-1',
  revision: 41n,
  eventId: 'f3b4c0de-9a1b-4c2d-8e3f-0123456789ab',
  eventType: 'ConsentRequested',
  contentType: 'application/json',
  data: Buffer.from('{"customerId":"c-1","é":true}'),
  metadata: Buffer.from('{"$correlationId":"x"}'),
  createdTicks: 17_640_000_000_000_000n,
  ...overrides,
});

describe('encodeReadEvent', () => {
  it.each([true, false])('writes the bytes google-protobuf writes (structured UUIDs: %s)', (structured) => {
    expect(encodeReadEvent(event(), { structuredUuids: structured })).toEqual(Buffer.from(reference(event(), structured)));
  });

  it('matches on edge values: revision 0, empty data and metadata, a tombstone revision, UUID halves 0 and negative', () => {
    const cases = [
      event({ revision: 0n, data: Buffer.alloc(0), metadata: Buffer.alloc(0) }),
      event({ revision: DELETED_STREAM_REVISION, eventType: '$streamDeleted', contentType: 'application/octet-stream' }),
      event({ eventId: '00000000-0000-0000-ffff-ffffffffffff', position: 1n }),
      event({ eventId: 'ffffffff-ffff-ffff-0000-000000000000', position: 2n ** 40n, data: Buffer.alloc(70_000, 7) }),
      // Upper-case digits; an id without hyphens (the slower path); non-ASCII and long texts; `created` changing.
      event({ eventId: 'F3B4C0DE-9A1B-4C2D-8E3F-0123456789AB', createdTicks: 1n }),
      event({ eventId: 'f3b4c0de9a1b4c2d8e3f0123456789ab', createdTicks: 17_640_000_000_000_001n }),
      event({ streamId: 'ascii-'.repeat(20), eventType: 'Typé', contentType: 'application/octet-stream', createdTicks: 1n }),
    ];
    for (const e of cases) {
      expect(encodeReadEvent(e, { structuredUuids: true })).toEqual(Buffer.from(reference(e, true)));
    }
  });

  it('writes a resolved link (event and link) and a dangling one (link only) with the link position', () => {
    const target = event();
    const link = event({ streamId: '$ce-consent', revision: 3n, position: 2_000_000n, eventType: '$>', data: Buffer.from('41@consent-request-ü-1') });
    expect(encodeReadEvent(target, { structuredUuids: true, link })).toEqual(Buffer.from(reference(target, true, link)));
    expect(encodeReadEvent(undefined, { structuredUuids: false, link })).toEqual(Buffer.from(reference(undefined, false, link)));
  });
});
