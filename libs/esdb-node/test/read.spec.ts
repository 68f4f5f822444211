import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { credentials as grpcCredentials } from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { randomUUID } from 'node:crypto';
import { shared, streams } from '../src/grpc/proto.js';
import { decodeUuid } from '../src/grpc/uuid.js';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

const revisions = (events: ResolvedEvent[]) => events.map((e) => e.event!.revision);

describe('read', () => {
  let t: TestNode;
  const stream = `read-${randomUUID()}`;
  const other = `other-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestNode();
    for (let i = 0; i < 10; i++) {
      await t.client.appendToStream(stream, jsonEvent({ type: 'Counted', data: { i } }));
      await t.client.appendToStream(other, jsonEvent({ type: 'Other', data: { i } }));
    }
  });
  afterAll(() => t.stop());

  it('reads a stream forwards from a revision, with maxCount', async () => {
    expect(revisions(await collect(t.client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    expect(revisions(await collect(t.client.readStream(stream, { fromRevision: 3n, maxCount: 4 })))).toEqual([
      3n, 4n, 5n, 6n,
    ]);
    expect(revisions(await collect(t.client.readStream(stream, { fromRevision: 8n, maxCount: 10 })))).toEqual([8n, 9n]);
    expect(await collect(t.client.readStream(stream, { fromRevision: 42n }))).toEqual([]);
    expect(await collect(t.client.readStream(stream, { fromRevision: END }))).toEqual([]);
  });

  it('reads a stream backwards from a revision or the end, with maxCount', async () => {
    expect(revisions(await collect(t.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 3 })))).toEqual([
      9n, 8n, 7n,
    ]);
    expect(revisions(await collect(t.client.readStream(stream, { direction: BACKWARDS, fromRevision: 2n })))).toEqual([
      2n, 1n, 0n,
    ]);
    expect(revisions(await collect(t.client.readStream(stream, { direction: BACKWARDS, fromRevision: START })))).toEqual([0n]);
  });

  it('says StreamNotFound for a stream that does not exist', async () => {
    const error = await collect(t.client.readStream(`missing-${randomUUID()}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamNotFoundError);
  });

  it('reads $all forwards and backwards in commit order, from a position', async () => {
    const all = await collect(t.client.readAll({ fromPosition: START, direction: FORWARDS }));
    const positions = all.map((e) => e.event!.position!.commit);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(positions).size).toBe(positions.length);
    // Events of both streams interleave as they were written.
    const mine = all.filter((e) => e.event!.streamId === stream || e.event!.streamId === other);
    expect(mine.map((e) => e.event!.streamId)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? stream : other)));
    for (const e of all) expect(e.commitPosition).toBe(e.event!.position!.commit);

    const backwards = await collect(t.client.readAll({ fromPosition: END, direction: BACKWARDS }));
    expect(backwards.map((e) => e.event!.position!.commit)).toEqual([...positions].reverse());

    const middle = all[5]!.event!.position!;
    const fromMiddle = await collect(t.client.readAll({ fromPosition: middle, maxCount: 3 }));
    expect(fromMiddle.map((e) => e.event!.position!.commit)).toEqual(positions.slice(5, 8));
    const beforeMiddle = await collect(t.client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 2 }));
    expect(beforeMiddle.map((e) => e.event!.position!.commit)).toEqual([positions[4], positions[3]]);
  });

  it('takes revisions and positions up to 2^64 - 1, as the client sends them (nothing lies past SQLite\'s int64)', async () => {
    const top = 2n ** 64n - 1n;
    expect(await collect(t.client.readStream(stream, { fromRevision: top }))).toEqual([]);
    expect(await collect(t.client.readStream(stream, { fromRevision: 2n ** 63n }))).toEqual([]);
    expect(revisions(await collect(t.client.readStream(stream, { direction: BACKWARDS, fromRevision: top, maxCount: 2 })))).toEqual([
      9n, 8n,
    ]);
    expect(await collect(t.client.readAll({ fromPosition: { commit: top, prepare: top } }))).toEqual([]);
    const [last] = await collect(t.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    const [beforeTop] = await collect(t.client.readAll({ direction: BACKWARDS, fromPosition: { commit: top, prepare: top }, maxCount: 1 }));
    expect(beforeTop!.event!.position).toEqual(last!.event!.position);
    // A link whose revision no event can have comes alone, and the read goes on.
    const links = `huge-link-${randomUUID()}`;
    await t.client.appendToStream(links, [
      { id: randomUUID(), type: '$>', contentType: 'application/octet-stream', data: Buffer.from(`${top}@${stream}`) } as never,
      { id: randomUUID(), type: '$>', contentType: 'application/octet-stream', data: Buffer.from(`9@${stream}`) } as never,
    ]);
    const resolved = await collect(t.client.readStream(links, { resolveLinkTos: true }));
    expect(resolved.map((e) => e.event?.revision)).toEqual([undefined, 9n]);
  });

  it('resolves link events ($>) only when asked', async () => {
    const links = `links-${randomUUID()}`;
    // A link's data is "revision@stream" as plain text.
    await t.client.appendToStream(`${links}-raw`, {
      id: randomUUID(),
      type: '$>',
      contentType: 'application/octet-stream',
      data: Buffer.from(`4@${stream}`),
    } as never);
    const unresolved = await collect(t.client.readStream(`${links}-raw`));
    expect(unresolved[0]!.event!.type).toBe('$>');
    expect(unresolved[0]!.link).toBeUndefined();
    const resolved = await collect(t.client.readStream(`${links}-raw`, { resolveLinkTos: true }));
    expect(resolved[0]!.event!.streamId).toBe(stream);
    expect(resolved[0]!.event!.revision).toBe(4n);
    expect(resolved[0]!.event!.data).toEqual({ i: 4 });
    expect(resolved[0]!.link!.streamId).toBe(`${links}-raw`);
    expect(resolved[0]!.link!.type).toBe('$>');
    // The original position is the link's.
    expect(resolved[0]!.commitPosition).toBe(resolved[0]!.link!.position!.commit);

    // A link to nothing: the link alone.
    await t.client.appendToStream(`${links}-dangling`, {
      id: randomUUID(),
      type: '$>',
      contentType: 'application/octet-stream',
      data: Buffer.from(`0@nowhere-${randomUUID()}`),
    } as never);
    const dangling = await collect(t.client.readStream(`${links}-dangling`, { resolveLinkTos: true }));
    expect(dangling[0]!.event).toBeUndefined();
    expect(dangling[0]!.link!.type).toBe('$>');
  });

  it('serves $-streams and system events like any other, metastreams included', async () => {
    await t.client.appendToStream('$system-like', jsonEvent({ type: '$custom', data: { s: 1 } }));
    const events = await collect(t.client.readStream('$system-like'));
    expect(events[0]!.event!.type).toBe('$custom');
    await t.client.setStreamMetadata(stream, { custom: 'x' });
    const meta = await collect(t.client.readStream(`$$${stream}`));
    expect(meta[0]!.event!.type).toBe('$metadata');
    expect(meta[0]!.event!.data).toEqual({ custom: 'x' });
    const all = await collect(t.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(all[0]!.event!.streamId).toBe(`$$${stream}`);
  });

  it('sends structured UUIDs when a client asks for them (the protocol default)', async () => {
    const id = randomUUID();
    const s = `uuid-${randomUUID()}`;
    await t.client.appendToStream(s, jsonEvent({ id, type: 'U', data: {} }));
    const raw = new streamsGrpc.StreamsClient(`127.0.0.1:${t.node.port}`, grpcCredentials.createInsecure());
    const req = new streams.ReadReq();
    const options = new streams.ReadReq.Options();
    const streamOptions = new streams.ReadReq.Options.StreamOptions();
    const identifier = new shared.StreamIdentifier();
    identifier.setStreamName(Buffer.from(s));
    streamOptions.setStreamIdentifier(identifier);
    streamOptions.setStart(new shared.Empty());
    options.setStream(streamOptions);
    options.setCount('10');
    options.setNoFilter(new shared.Empty());
    const uuidOption = new streams.ReadReq.Options.UUIDOption();
    uuidOption.setStructured(new shared.Empty());
    options.setUuidOption(uuidOption);
    req.setOptions(options);
    const responses = await collect<ReadResp>(raw.read(req) as AsyncIterable<ReadResp>);
    raw.close();
    const recorded = responses[0]!.getEvent()!.getEvent()!;
    expect(recorded.getId()!.hasStructured()).toBe(true);
    expect(decodeUuid(recorded.getId())).toBe(id);
    expect(recorded.getMetadataMap().get('type')).toBe('U');
    expect(recorded.getMetadataMap().get('content-type')).toBe('application/json');
    expect(Number(recorded.getMetadataMap().get('created'))).toBeGreaterThan(0);
  });

  it('reads a long stream in pages, with back-pressure, and stops when the reader cancels', async () => {
    const long = `long-${randomUUID()}`;
    const batch = Array.from({ length: 1500 }, (_, i) => jsonEvent({ type: 'L', data: { i } }));
    await t.client.appendToStream(long, batch);
    const events = await collect(t.client.readStream(long));
    expect(events).toHaveLength(1500);
    expect(events[1499]!.event!.data).toEqual({ i: 1499 });
    const backwards = await collect(t.client.readStream(long, { direction: BACKWARDS, fromRevision: END }));
    expect(backwards.map((e) => e.event!.revision)).toEqual(Array.from({ length: 1500 }, (_, i) => BigInt(1499 - i)));
    let seen = 0;
    for await (const _ of t.client.readAll()) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
  });
});
