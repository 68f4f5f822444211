import { END, START, jsonEvent, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { collect, startTestNode, tempDir, type TestNode } from './node-harness.test.js';

/**
 * While a subscriber is live, the node serves new events and reads at the end of the log from what the writer
 * reports of each commit, not from SQLite. Everything read that way must be what SQLite holds: the same reads
 * on a restarted node (nothing in memory) answer the same, byte for byte.
 */
const events = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => jsonEvent({ type: `E${i % 2}`, data: { tag, i, text: 'ünïcødé' }, metadata: { m: i } }));

const shape = (e: ResolvedEvent) => ({
  stream: e.event?.streamId,
  revision: e.event?.revision,
  id: e.event?.id,
  type: e.event?.type,
  data: e.event?.data,
  metadata: e.event?.metadata,
  created: e.event?.created,
  position: e.event?.position?.commit,
  link: e.link?.revision,
});

async function reads(client: EventStoreDBClient) {
  const stream = async (name: string) => {
    try {
      return (await collect(client.readStream(name))).map(shape);
    } catch (error) {
      return (error as Error).constructor.name;
    }
  };
  return {
    soft: await stream('soft'),
    kept: await stream('kept'),
    capped: await stream('capped'),
    gone: await stream('gone'),
    fromRevision: (await collect(client.readStream('kept', { fromRevision: 4n, maxCount: 3 }))).map(shape),
    all: (await collect(client.readAll({ fromPosition: START }))).map(shape),
    links: (await collect(client.readStream('links', { resolveLinkTos: true }))).map(shape),
  };
}

describe('reads and live events served from the commits the writer reports', () => {
  let t: TestNode;
  afterEach(() => t?.stop());

  it('answer as SQLite does after a restart (appends, soft delete, metadata, tombstone, links)', async () => {
    const dataDir = tempDir();
    t = await startTestNode({ dataDir });
    const live: ResolvedEvent[] = [];
    const subscription = t.client.subscribeToAll({ fromPosition: END });
    await new Promise<void>((resolve, reject) => {
      subscription.on('data', (e: ResolvedEvent) => live.push(e));
      subscription.on('caughtUp', () => resolve());
      subscription.on('error', reject);
    });
    await t.client.appendToStream('kept', events(5, 'a'));
    await t.client.appendToStream('soft', events(2, 'b'));
    await t.client.appendToStream('kept', events(3, 'c'));
    expect((await collect(t.client.readStream('kept'))).length).toBe(8); // from memory, and states moved on
    await t.client.deleteStream('soft');
    await t.client.appendToStream('soft', events(2, 'd')); // brings it back: a $tb written by the node
    await t.client.setStreamMetadata('capped', { maxCount: 2 });
    await t.client.appendToStream('capped', events(4, 'e'));
    await t.client.appendToStream('gone', events(1, 'f'));
    await t.client.tombstoneStream('gone');
    await t.client.appendToStream('links', [
      jsonEvent({ type: '$>', data: '3@kept' as unknown as Record<string, never> }),
      jsonEvent({ type: '$>', data: '0@soft' as unknown as Record<string, never> }),
    ]);
    await Promise.all([
      t.client.appendToStream('kept', events(2, 'g')),
      t.client.appendToStream('capped', events(2, 'h')),
      t.client.appendToStream('soft', events(1, 'i')),
    ]);
    const whileLive = await reads(t.client);
    const last = whileLive.all[whileLive.all.length - 1]!.position!;
    while (live.length === 0 || live[live.length - 1]!.event!.position!.commit < last) await new Promise((r) => setTimeout(r, 20));
    await subscription.unsubscribe();
    await t.stop(false);

    t = await startTestNode({ dataDir });
    const fromDisk = await reads(t.client);
    expect(whileLive).toEqual(fromDisk);
    expect(live.map(shape)).toEqual(fromDisk.all);
    expect(fromDisk.soft).toHaveLength(3);
    expect(fromDisk.capped).toHaveLength(2);
    expect(fromDisk.gone).toBe('StreamDeletedError');
  });
});
