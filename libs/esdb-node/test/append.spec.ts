import {
  ANY,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type AppendExpectedRevision,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { credentials as grpcCredentials } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import { shared } from '../src/grpc/proto.js';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

const event = (n: number, id: string = randomUUID()) => jsonEvent({ id, type: `E${n}`, data: { n } });

/** The client picks plain Append over BatchAppend when a call carries its own credentials. */
const PLAIN = { credentials: { username: 'admin', password: 'changeit' } };

describe('append', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  it('advertises BatchAppend (and the rest) through ServerFeatures', async () => {
    const client = new serverFeaturesGrpc.ServerFeaturesClient(
      `127.0.0.1:${t.node.port}`,
      grpcCredentials.createInsecure(),
    );
    const methods = await new Promise<string[]>((resolve, reject) =>
      client.getSupportedMethods(new shared.Empty(), (error, resp) =>
        error ? reject(error) : resolve(resp!.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}`)),
      ),
    );
    client.close();
    expect(methods).toEqual(
      expect.arrayContaining([
        'event_store.client.streams.streams/batchappend',
        'event_store.client.streams.streams/append',
        'event_store.client.streams.streams/read',
        'event_store.client.streams.streams/delete',
        'event_store.client.streams.streams/tombstone',
      ]),
    );
    const capabilities = await (t.client as unknown as { capabilities: Promise<{ supports(m: unknown): boolean }> })
      .capabilities;
    expect(capabilities.supports(serverFeaturesGrpc.ServerFeaturesService.getSupportedMethods)).toBe(true);
  });

  describe.each([
    ['BatchAppend', {}],
    ['plain Append', PLAIN],
  ])('%s', (_name, via) => {
    const append = (stream: string, events: ReturnType<typeof event>[], expectedRevision: AppendExpectedRevision) =>
      t.client.appendToStream(stream, events, { expectedRevision, ...via });

    it('numbers revisions from 0 and gives growing positions', async () => {
      const stream = `rev-${randomUUID()}`;
      const first = await append(stream, [event(0), event(1)], NO_STREAM);
      expect(first.nextExpectedRevision).toBe(1n);
      const second = await append(stream, [event(2)], 1n);
      expect(second.nextExpectedRevision).toBe(2n);
      expect(second.position!.commit).toBeGreaterThan(first.position!.commit);
      expect(second.position!.prepare).toBe(second.position!.commit);
      const read = await collect(t.client.readStream(stream));
      expect(read.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n]);
      expect(read.map((e) => e.event!.type)).toEqual(['E0', 'E1', 'E2']);
    });

    it('checks every expected revision: any, no_stream, stream_exists, exact', async () => {
      const stream = `matrix-${randomUUID()}`;
      // The stream does not exist.
      await expect(append(stream, [event(0)], STREAM_EXISTS)).rejects.toMatchObject({
        type: 'wrong-expected-version',
        expectedVersion: 'stream_exists',
        actualVersion: 'no_stream',
      });
      await expect(append(stream, [event(0)], 0n)).rejects.toMatchObject({
        expectedVersion: 0n,
        actualVersion: 'no_stream',
      });
      await expect(append(stream, [event(0)], NO_STREAM)).resolves.toMatchObject({ nextExpectedRevision: 0n });
      // Now it holds revision 0.
      const wrong = await append(stream, [event(1)], NO_STREAM).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
      expect(wrong).toMatchObject({ streamName: stream, expectedVersion: 'no_stream', actualVersion: 0n });
      await expect(append(stream, [event(1)], 5n)).rejects.toMatchObject({ expectedVersion: 5n, actualVersion: 0n });
      await expect(append(stream, [event(1)], STREAM_EXISTS)).resolves.toMatchObject({ nextExpectedRevision: 1n });
      await expect(append(stream, [event(2)], 1n)).resolves.toMatchObject({ nextExpectedRevision: 2n });
      await expect(append(stream, [event(3)], ANY)).resolves.toMatchObject({ nextExpectedRevision: 3n });
      await expect(append(stream, [event(4)], 2n)).rejects.toMatchObject({ expectedVersion: 2n, actualVersion: 3n });
      expect((await collect(t.client.readStream(stream))).length).toBe(4);
    });

    it('is idempotent: the same event ids at the same place are not stored twice', async () => {
      const stream = `idem-${randomUUID()}`;
      const events = [event(0), event(1), event(2)];
      const first = await append(stream, events, NO_STREAM);
      const again = await append(stream, events, NO_STREAM);
      expect(again.nextExpectedRevision).toBe(2n);
      expect(again.position).toEqual(first.position);
      await append(stream, [event(3)], 2n);
      // Re-sent at its exact place after the stream moved on: still acknowledged, still once.
      await expect(append(stream, events.slice(1), 0n)).resolves.toMatchObject({ nextExpectedRevision: 2n });
      // Other ids at an old place: a conflict.
      await expect(append(stream, [event(9)], 0n)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      const read = await collect(t.client.readStream(stream));
      expect(read.map((e) => e.event!.id)).toEqual([...events.map((e) => e.id), expect.any(String)]);
    });

    it('stores a multi-event append whole or not at all', async () => {
      const stream = `whole-${randomUUID()}`;
      await append(stream, [event(0)], NO_STREAM);
      // Ten racing writers, each with three events, all expecting revision 0: exactly one wins, whole.
      const racers = Array.from({ length: 10 }, (_, i) => [event(i * 10), event(i * 10 + 1), event(i * 10 + 2)]);
      const outcomes = await Promise.allSettled(racers.map((events) => append(stream, events, 0n)));
      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      const read = await collect(t.client.readStream(stream));
      expect(read.map((e) => e.event!.id)).toEqual([expect.any(String), ...racers[winners[0]!]!.map((e) => e.id)]);
    });

    it('keeps data, metadata and content types byte for byte', async () => {
      const stream = `bytes-${randomUUID()}`;
      const payload = Uint8Array.from([0, 1, 2, 254, 255, 0]);
      const meta = Uint8Array.from([9, 8, 7]);
      const id = randomUUID();
      await t.client.appendToStream(
        stream,
        [binaryEvent({ id, type: 'Bin', data: payload, metadata: meta }), jsonEvent({ type: 'J', data: { ü: 'ß' }, metadata: { m: 1 } })],
        via,
      );
      const [bin, json] = await collect(t.client.readStream(stream));
      expect(bin!.event!.id).toBe(id);
      expect(bin!.event!.isJson).toBe(false);
      expect(Buffer.from(bin!.event!.data as Uint8Array)).toEqual(Buffer.from(payload));
      expect(Buffer.from(bin!.event!.metadata as Uint8Array)).toEqual(Buffer.from(meta));
      expect(json!.event!.isJson).toBe(true);
      expect(json!.event!.data).toEqual({ ü: 'ß' });
      expect(json!.event!.metadata).toEqual({ m: 1 });
      expect(json!.event!.created.getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('reads an event id as EventStoreDB does (a .NET Guid in any of its forms), one id whatever the form', async () => {
      const stream = `guid-${randomUUID()}`;
      const id = randomUUID();
      const bare = id.replaceAll('-', '').toUpperCase();
      await append(stream, [event(0, bare)], NO_STREAM);
      const hex = bare.toLowerCase();
      const bytes = Array.from({ length: 8 }, (_, i) => `0x${hex.slice(16 + 2 * i, 18 + 2 * i)}`).join(', ');
      const x = `{0x${hex.slice(0, 8)}, 0x${hex.slice(8, 12)}, 0x${hex.slice(12, 16)}, {${bytes}}}`;
      // The same id again, hyphenated, braced, parenthesised, as hex values: the same event, not stored twice.
      for (const form of [id, `{${id.toUpperCase()}}`, `(${id})`, ` ${id} `, x]) {
        await expect(append(stream, [event(0, form)], NO_STREAM)).resolves.toMatchObject({ nextExpectedRevision: 0n });
      }
      const read = await collect(t.client.readStream(stream));
      expect(read.map((e) => e.event!.id)).toEqual([id]);
    });

    it('refuses an event id that is not a UUID, naming it, storing nothing', async () => {
      const stream = `not-guid-${randomUUID()}`;
      const notIds = ['hello', `${randomUUID()}x`, `{${randomUUID().replaceAll('-', '')}}`, randomUUID().slice(1), `${randomUUID()})`];
      for (const id of notIds) {
        const error = await append(stream, [event(0), event(1, id)], ANY).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnknownError);
        expect((error as Error).message).toContain(`Event id '${id}' is not a UUID`);
      }
      await expect(collect(t.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(append(stream, [event(0)], NO_STREAM)).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });

    it('refuses an oversized append with the client error, storing nothing, and keeps serving', async () => {
      const stream = `big-${randomUUID()}`;
      const big = binaryEvent({ type: 'Big', data: Buffer.alloc(600 * 1024, 1) });
      const error = await t.client
        .appendToStream(stream, [big, binaryEvent({ type: 'Big', data: Buffer.alloc(600 * 1024, 2) })], via)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(1024 * 1024);
      await expect(collect(t.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(append(stream, [event(0)], NO_STREAM)).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });
  });

  it('serves concurrent appenders over one BatchAppend stream, each append in one piece', async () => {
    const streams = Array.from({ length: 8 }, () => `conc-${randomUUID()}`);
    const writes = streams.flatMap((stream) =>
      Array.from({ length: 20 }, (_, i) => t.client.appendToStream(stream, [event(i), event(i)], { expectedRevision: ANY })),
    );
    const results = await Promise.all(writes);
    const positions = results.map((r) => r.position!.commit);
    expect(new Set(positions).size).toBe(positions.length);
    for (const stream of streams) {
      const read = await collect(t.client.readStream(stream));
      expect(read.map((e) => e.event!.revision)).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i)));
    }
  });

  it('honours a deadline that has passed: nothing is written', async () => {
    const stream = `late-${randomUUID()}`;
    const error = await t.client.appendToStream(stream, [event(0)], { deadline: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'deadline-exceeded' });
    await expect(collect(t.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});

export type { EventStoreDBClient };
