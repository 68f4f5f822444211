import {
  BACKWARDS,
  END,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

const events = (n: number, from = 0) => Array.from({ length: n }, (_, i) => jsonEvent({ type: 'E', data: { i: from + i } }));
const dataOf = (read: { event?: { data: unknown } }[]) => read.map((e) => (e.event!.data as { i: number }).i);

describe('delete, tombstone and stream metadata', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  it('soft delete: reads say not found; a later append continues the numbering', async () => {
    const s = `soft-${randomUUID()}`;
    await t.client.appendToStream(s, events(3));
    const deleted = await t.client.deleteStream(s);
    expect(deleted.position!.commit).toBeGreaterThan(0n);
    await expect(collect(t.client.readStream(s))).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(collect(t.client.readStream(s, { direction: BACKWARDS, fromRevision: END }))).rejects.toBeInstanceOf(
      StreamNotFoundError,
    );
    // The stream counts as absent for expectations, and comes back with the next revision.
    await expect(t.client.appendToStream(s, events(1, 3), { expectedRevision: NO_STREAM })).resolves.toMatchObject({
      nextExpectedRevision: 3n,
    });
    const read = await collect(t.client.readStream(s));
    expect(read.map((e) => e.event!.revision)).toEqual([3n]);
    expect(dataOf(read)).toEqual([3]);
  });

  it('soft delete checks the expected revision', async () => {
    const s = `soft-exp-${randomUUID()}`;
    await t.client.appendToStream(s, events(2));
    const error = await t.client.deleteStream(s, { expectedRevision: 5n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: s, expectedVersion: 5n, actualVersion: 1n });
    await expect(t.client.deleteStream(s, { expectedRevision: 1n })).resolves.toBeDefined();
  });

  it('stream_exists: a soft-deleted stream is deleted, a stream with metadata and no event exists (as EventStoreDB)', async () => {
    const s = `soft-exists-${randomUUID()}`;
    await t.client.appendToStream(s, events(2));
    await t.client.deleteStream(s);
    await expect(t.client.appendToStream(s, events(1), { expectedRevision: STREAM_EXISTS })).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
    await expect(collect(t.client.readStream(s))).rejects.toBeInstanceOf(StreamNotFoundError);
    const metadataOnly = `meta-only-${randomUUID()}`;
    await t.client.setStreamMetadata(metadataOnly, { maxCount: 10 });
    await expect(t.client.appendToStream(metadataOnly, events(1), { expectedRevision: STREAM_EXISTS })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
    expect(dataOf(await collect(t.client.readStream(metadataOnly)))).toEqual([0]);
    // Neither events nor metadata: still a wrong expected version.
    await expect(
      t.client.appendToStream(`nothing-${randomUUID()}`, events(1), { expectedRevision: STREAM_EXISTS }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('tombstone: every later read or append fails with StreamDeletedError', async () => {
    const s = `tomb-${randomUUID()}`;
    await t.client.appendToStream(s, events(2));
    await t.client.tombstoneStream(s);
    const readError = await collect(t.client.readStream(s)).catch((e: unknown) => e);
    expect(readError).toBeInstanceOf(StreamDeletedError);
    expect((readError as StreamDeletedError).streamName).toBe(s);
    await expect(t.client.appendToStream(s, events(1))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(
      t.client.appendToStream(s, events(1), { credentials: { username: 'admin', password: 'changeit' } }),
    ).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(t.client.deleteStream(s)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(t.client.tombstoneStream(s)).rejects.toBeInstanceOf(StreamDeletedError);
    // $all shows the tombstone record, as EventStoreDB does.
    const last = await collect(t.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(last[0]!.event).toMatchObject({ streamId: s, type: '$streamDeleted' });
  });

  it('tombstone: the stream\'s metadata is deleted with it, as EventStoreDB\'s metastream is', async () => {
    const s = `tomb-meta-${randomUUID()}`;
    await t.client.appendToStream(s, events(1));
    await t.client.setStreamMetadata(s, { maxCount: 5 });
    await t.client.tombstoneStream(s);
    await expect(collect(t.client.readStream(`$$${s}`))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(t.client.getStreamMetadata(s)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(collect(t.client.subscribeToStream(`$$${s}`))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(t.client.setStreamMetadata(s, { maxCount: 3 })).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(
      t.client.setStreamMetadata(s, { maxCount: 3 }, { credentials: { username: 'admin', password: 'changeit' } }),
    ).rejects.toBeInstanceOf(StreamDeletedError);
    // A stream tombstoned before any metadata: its metastream cannot be started either.
    const bare = `tomb-bare-${randomUUID()}`;
    await t.client.tombstoneStream(bare);
    await expect(t.client.setStreamMetadata(bare, { maxCount: 3 })).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(collect(t.client.readStream(`$$${bare}`))).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('writes and reads stream metadata ($$stream)', async () => {
    const s = `meta-${randomUUID()}`;
    await t.client.appendToStream(s, events(1));
    expect(await t.client.getStreamMetadata(s)).toEqual({ streamName: s });
    await t.client.setStreamMetadata(s, { maxCount: 10, custom: { owner: 'me' } });
    await t.client.setStreamMetadata(s, { maxAge: 3600, custom: { owner: 'you' } });
    const result = await t.client.getStreamMetadata(s);
    expect(result.metadata).toEqual({ maxAge: 3600, custom: { owner: 'you' } });
    // The metastream shows only its latest event, as EventStoreDB's do.
    const metastream = await collect(t.client.readStream(`$$${s}`));
    expect(metastream.map((e) => e.event!.revision)).toEqual([1n]);
    await expect(t.client.setStreamMetadata(s, { maxCount: 1 }, { expectedRevision: 0n })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
  });

  it('honours truncateBefore', async () => {
    const s = `tb-${randomUUID()}`;
    await t.client.appendToStream(s, events(6));
    await t.client.setStreamMetadata(s, { truncateBefore: 4 });
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([4, 5]);
    expect(dataOf(await collect(t.client.readStream(s, { fromRevision: 1n })))).toEqual([4, 5]);
    expect(dataOf(await collect(t.client.readStream(s, { direction: BACKWARDS, fromRevision: END })))).toEqual([5, 4]);
    // Appends go on numbering after the last revision.
    await t.client.appendToStream(s, events(1, 6), { expectedRevision: 5n });
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([4, 5, 6]);
  });

  it('honours maxCount', async () => {
    const s = `mc-${randomUUID()}`;
    await t.client.appendToStream(s, events(5));
    await t.client.setStreamMetadata(s, { maxCount: 2 });
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([3, 4]);
    await t.client.appendToStream(s, events(1, 5));
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([4, 5]);
    expect(dataOf(await collect(t.client.readStream(s, { direction: BACKWARDS, fromRevision: END, maxCount: 5 })))).toEqual([
      5, 4,
    ]);
  });

  it('honours maxAge', async () => {
    const s = `ma-${randomUUID()}`;
    await t.client.appendToStream(s, events(2));
    await t.client.setStreamMetadata(s, { maxAge: 1 });
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([0, 1]);
    await new Promise((r) => setTimeout(r, 1_100));
    await t.client.appendToStream(s, events(1, 2));
    expect(dataOf(await collect(t.client.readStream(s)))).toEqual([2]);
  });

  it('does not resolve a link to a deleted or truncated event', async () => {
    const target = `target-${randomUUID()}`;
    await t.client.appendToStream(target, events(3));
    const linkStream = `link-${randomUUID()}`;
    await t.client.appendToStream(
      linkStream,
      [0, 2].map(
        (n) =>
          ({
            id: randomUUID(),
            type: '$>',
            contentType: 'application/octet-stream',
            data: Buffer.from(`${n}@${target}`),
          }) as never,
      ),
    );
    await t.client.setStreamMetadata(target, { truncateBefore: 1 });
    const read = await collect(t.client.readStream(linkStream, { resolveLinkTos: true }));
    expect(read[0]!.event).toBeUndefined();
    expect(read[1]!.event!.revision).toBe(2n);
  });
});
