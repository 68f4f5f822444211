import { describe, expect, it } from '@jest/globals';
import type { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb.js';
import { googleEmpty, googleTimestamp, shared, streams } from '../grpc/proto.js';
import { decodeUuid as decodeUuidMessage } from '../grpc/uuid.js';
import { decodeBatchAppendReq, encodeBatchAppendSuccess } from './batch-append-codec.js';
import { fillSuccess } from './append-outcome.js';
import { toProposedEvent, proposedEventOf } from './proposed-event.js';

type Expected = 'revision' | 'no_stream' | 'any' | 'stream_exists' | 'none';

function structuredUuid(most: string, least: string) {
  const uuid = new shared.UUID();
  const structured = new shared.UUID.Structured();
  structured.setMostSignificantBits(most);
  structured.setLeastSignificantBits(least);
  uuid.setStructured(structured);
  return uuid;
}

function stringUuid(text: string) {
  const uuid = new shared.UUID();
  uuid.setString(text);
  return uuid;
}

function request(opts: {
  correlation?: ReturnType<typeof structuredUuid>;
  stream?: string;
  expected?: Expected;
  revision?: string;
  deadline?: Date;
  messages?: BatchAppendReq.ProposedMessage[];
  isFinal?: boolean;
}): BatchAppendReq {
  const req = new streams.BatchAppendReq();
  if (opts.correlation) req.setCorrelationId(opts.correlation);
  if (opts.stream !== undefined) {
    const options = new streams.BatchAppendReq.Options();
    const id = new shared.StreamIdentifier();
    id.setStreamName(Buffer.from(opts.stream, 'utf8'));
    options.setStreamIdentifier(id);
    switch (opts.expected) {
      case 'revision':
        options.setStreamPosition(opts.revision ?? '0');
        break;
      case 'no_stream':
        options.setNoStream(new googleEmpty.Empty());
        break;
      case 'any':
        options.setAny(new googleEmpty.Empty());
        break;
      case 'stream_exists':
        options.setStreamExists(new googleEmpty.Empty());
        break;
    }
    if (opts.deadline) options.setDeadline(googleTimestamp.Timestamp.fromDate(opts.deadline));
    req.setOptions(options);
  }
  req.setProposedMessagesList(opts.messages ?? []);
  req.setIsFinal(opts.isFinal ?? false);
  return req;
}

function message(opts: { id?: ReturnType<typeof structuredUuid>; type?: string; contentType?: string; data?: string; meta?: string }) {
  const m = new streams.BatchAppendReq.ProposedMessage();
  if (opts.id) m.setId(opts.id);
  if (opts.type !== undefined) m.getMetadataMap().set('type', opts.type);
  if (opts.contentType !== undefined) m.getMetadataMap().set('content-type', opts.contentType);
  if (opts.data !== undefined) m.setData(Buffer.from(opts.data, 'utf8'));
  if (opts.meta !== undefined) m.setCustomMetadata(Buffer.from(opts.meta, 'utf8'));
  return m;
}

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const UUIDS = [
  structuredUuid('-1234567890123456789', '987654321987654321'),
  structuredUuid('1', '-1'),
  structuredUuid('0', '0'),
  structuredUuid('-9223372036854775808', '9223372036854775807'),
  stringUuid('0E2B7D1C-5F4A-4B6E-9C3D-ABCDEF012345'),
];

describe('BatchAppend codec (hand-written) against google-protobuf', () => {
  const cases: BatchAppendReq[] = [
    request({ correlation: UUIDS[0], stream: 'consent-1', expected: 'any', messages: [message({ id: UUIDS[0], type: 'A', contentType: 'application/json', data: '{"a":1}', meta: '{"m":2}' })], isFinal: true }),
    request({ correlation: UUIDS[1], stream: 'ström-é', expected: 'revision', revision: '0', isFinal: true }),
    request({ correlation: UUIDS[2], stream: 's', expected: 'revision', revision: '18446744073709551615', messages: [message({ id: UUIDS[4], type: 'B', contentType: 'application/octet-stream', data: '' })] }),
    request({ correlation: UUIDS[3], stream: 's', expected: 'no_stream', deadline: new Date('2031-02-03T04:05:06.789Z'), isFinal: true }),
    request({ correlation: UUIDS[4], stream: 's', expected: 'stream_exists', deadline: new Date('1969-12-31T23:59:58.250Z') }),
    request({ correlation: UUIDS[0], stream: '', expected: 'none', messages: [message({ type: 'NoId', contentType: 'x' }), message({ id: UUIDS[1], contentType: 'x' })] }),
    request({ correlation: UUIDS[1], messages: [message({ id: UUIDS[2], type: 'T' }), message({ id: UUIDS[3], type: 'T', contentType: 'application/json', data: 'x'.repeat(300) })], isFinal: true }),
    request({ isFinal: true }),
  ];

  it.each(cases.map((c, i) => [i, c] as const))('reads request %i as google-protobuf does', (_, req) => {
    const bytes = Buffer.from(req.serializeBinary());
    const decoded = decodeBatchAppendReq(bytes);
    const correlation = req.getCorrelationId();
    expect(decoded.correlationId ? decodeUuidMessage(shared.UUID.deserializeBinary(decoded.correlationId)) : undefined).toEqual(
      correlation && correlation.serializeBinary().length > 0 ? decodeUuidMessage(correlation) : undefined,
    );
    expect(decoded.isFinal).toBe(req.getIsFinal());
    const options = req.getOptions();
    expect(decoded.options === undefined).toBe(options === undefined);
    if (options && decoded.options) {
      expect(decoded.options.streamName).toBe(Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8'));
      expect(Buffer.from(decoded.options.streamIdentifier!)).toEqual(Buffer.from(options.getStreamIdentifier()!.serializeBinary()));
      const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
      const expected =
        options.getExpectedStreamPositionCase() === Case.STREAM_POSITION
          ? { kind: 'exact', revision: BigInt(options.getStreamPosition()) }
          : options.getExpectedStreamPositionCase() === Case.NO_STREAM
            ? { kind: 'no_stream' }
            : options.getExpectedStreamPositionCase() === Case.STREAM_EXISTS
              ? { kind: 'stream_exists' }
              : { kind: 'any' };
      expect(decoded.options.expected).toEqual(expected);
      expect(decoded.options.deadlineMs).toBe(options.getDeadline()?.toDate().getTime());
    }
    const theirs = req.getProposedMessagesList().map((m) => outcome(() => toProposedEvent(m)));
    const ours = decoded.proposedMessages.map((m) => outcome(() => proposedEventOf(m)));
    expect(ours).toEqual(theirs);
  });

  const expectations: Expected[] = ['revision', 'no_stream', 'any', 'stream_exists', 'none'];
  const results = [
    { kind: 'success', currentRevision: 0n, position: 1n },
    { kind: 'success', currentRevision: 41n, position: 123_456_789_012n },
    { kind: 'success', currentRevision: -1n, position: 0n },
    { kind: 'success', currentRevision: 9_223_372_036_854_775_807n, position: 2n ** 53n + 1n },
  ] as const;

  it.each(expectations)('writes a success byte for byte as google-protobuf (expected: %s)', (expected) => {
    for (const result of results) {
      for (const correlation of UUIDS) {
        const req = request({ correlation, stream: 'consent-request-42', expected, revision: '7' });
        const decoded = decodeBatchAppendReq(Buffer.from(req.serializeBinary()));
        const ours = encodeBatchAppendSuccess(decoded.correlationId ?? Buffer.alloc(0), decoded.options!, result.currentRevision, result.position);

        const resp = new streams.BatchAppendResp();
        resp.setCorrelationId(correlation);
        const options = req.getOptions()!;
        resp.setStreamIdentifier(options.getStreamIdentifier());
        const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
        switch (options.getExpectedStreamPositionCase()) {
          case Case.STREAM_POSITION:
            resp.setStreamPosition(options.getStreamPosition());
            break;
          case Case.NO_STREAM:
            resp.setNoStream(new googleEmpty.Empty());
            break;
          case Case.STREAM_EXISTS:
            resp.setStreamExists(new googleEmpty.Empty());
            break;
          default:
            resp.setAny(new googleEmpty.Empty());
        }
        resp.setSuccess(fillSuccess(new streams.BatchAppendResp.Success(), result, () => new googleEmpty.Empty(), new shared.AllStreamPosition()));
        expect(ours.toString('hex')).toBe(Buffer.from(resp.serializeBinary()).toString('hex'));
      }
    }
  });

  it('refuses a truncated message instead of reading past its end', () => {
    const bytes = Buffer.from(cases[0]!.serializeBinary());
    expect(() => decodeBatchAppendReq(bytes.subarray(0, bytes.length - 3))).toThrow(/Malformed protobuf message/);
  });
});
