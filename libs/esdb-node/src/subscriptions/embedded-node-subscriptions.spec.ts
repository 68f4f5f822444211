import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  END,
  ErrorType,
  EventStoreDBClient,
  START,
  StreamDeletedError,
  TimeoutError,
  binaryEvent,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startEmbeddedNode, type EmbeddedNode } from '../index.js';
import { eventually, probe, typesOf } from './testing/subscription-probe.test.js';

/** Subscriptions end to end: the real client against the embedded node on SQLite. */
describe('subscriptions on the embedded node', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let client: EventStoreDBClient;
  const open: { unsubscribe(): Promise<void> }[] = [];

  const track = <T extends { unsubscribe(): Promise<void> }>(subscription: T): T => {
    open.push(subscription);
    return subscription;
  };
  const events = (type: string, count: number, data: Record<string, unknown> = {}) =>
    Array.from({ length: count }, (_, i) => jsonEvent({ type: `${type}${i}`, data: { i, ...data } }));
  const commits = (seen: readonly ResolvedEvent[]) => seen.map((e) => e.event!.position!.commit);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'esdb-node-subscriptions-'));
    node = await startEmbeddedNode({ dataDir });
    client = EventStoreDBClient.connectionString(node.connectionString);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.unsubscribe()));
  });

  afterAll(async () => {
    await client.dispose();
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up on a stream, emits caughtUp, then follows concurrent appends with no gap or duplicate', async () => {
    await client.appendToStream('consent-request-1', events('Old', 30));
    const seen = probe(track(client.subscribeToStream('consent-request-1')));
    const appending = (async () => {
      for (let i = 0; i < 20; i++) await client.appendToStream('consent-request-1', events(`New${i}-`, 2));
    })();
    await appending;
    // Under load the subscription may start only after the appends: caughtUp then follows the 70th event.
    await eventually(() => seen.events.length >= 70 && seen.caughtUpAt >= 0, '70 events and caughtUp');
    expect(seen.confirmed).toBe(true);
    expect(seen.caughtUpAt).toBeGreaterThanOrEqual(30);
    expect(seen.events.map((e) => e.event!.revision)).toEqual(Array.from({ length: 70 }, (_, i) => BigInt(i)));
  });

  describe('delivers what a read of the stream gives, under its rules', () => {
    const revisionsRead = async (stream: string) => {
      const read: bigint[] = [];
      for await (const resolved of client.readStream(stream)) read.push(resolved.event!.revision);
      return read;
    };
    const caughtUp = async (stream: string, options: { resolveLinkTos?: boolean } = {}) => {
      const seen = probe(track(client.subscribeToStream(stream, { fromRevision: START, ...options })));
      await eventually(() => seen.caughtUpAt >= 0, `caughtUp on ${stream}`);
      return seen.events;
    };

    it('$tb and $maxCount: nothing before them', async () => {
      await client.appendToStream('rules-tb', events('E', 3));
      await client.setStreamMetadata('rules-tb', { truncateBefore: 2 });
      expect((await caughtUp('rules-tb')).map((e) => e.event!.revision)).toEqual(await revisionsRead('rules-tb'));
      expect(await revisionsRead('rules-tb')).toEqual([2n]);
      await client.appendToStream('rules-max', events('E', 5));
      await client.setStreamMetadata('rules-max', { maxCount: 2 });
      expect((await caughtUp('rules-max')).map((e) => e.event!.revision)).toEqual([3n, 4n]);
    });

    it('a soft-deleted stream: nothing of it, and once written again only the new events', async () => {
      await client.appendToStream('rules-deleted', events('Old', 2));
      await client.deleteStream('rules-deleted');
      expect(await caughtUp('rules-deleted')).toEqual([]);
      await client.appendToStream('rules-deleted', events('New', 1));
      expect((await caughtUp('rules-deleted')).map((e) => e.event!.revision)).toEqual(await revisionsRead('rules-deleted'));
      expect(await revisionsRead('rules-deleted')).toEqual([2n]);
    });

    it('a link to an event its stream hides resolves to nothing (the link alone)', async () => {
      await client.appendToStream('rules-target', events('Target', 2));
      await client.appendToStream('rules-links', [binaryEvent({ type: '$>', data: Buffer.from('0@rules-target') })]);
      await client.setStreamMetadata('rules-target', { truncateBefore: 1 });
      expect(typesOf(await caughtUp('rules-links', { resolveLinkTos: true }))).toEqual(['(link only)']);
    });
  });

  it('starts after a revision or at the end of a stream', async () => {
    await client.appendToStream('dap-1', events('E', 4));
    const afterOne = probe(track(client.subscribeToStream('dap-1', { fromRevision: 1n })));
    const fromEnd = probe(track(client.subscribeToStream('dap-1', { fromRevision: END })));
    await eventually(() => afterOne.caughtUpAt >= 0 && fromEnd.caughtUpAt >= 0, 'both caught up');
    await client.appendToStream('dap-1', events('Live', 1));
    await eventually(() => afterOne.events.length === 3 && fromEnd.events.length === 1, 'the live event');
    expect(typesOf(afterOne.events)).toEqual(['E2', 'E3', 'Live0']);
    expect(typesOf(fromEnd.events)).toEqual(['Live0']);
  });

  it('subscribes to $all in commit order, strictly after a given position', async () => {
    const read = await collectAll();
    const from = read[read.length - 3]!.event!.position!;
    const seen = probe(track(client.subscribeToAll({ fromPosition: from })));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    expect(commits(seen.events)).toEqual(commits(read.slice(-2)));
    await client.appendToStream('oem-revocation-1', events('Revoked', 1));
    await eventually(() => seen.events.length === 3, 'the live event');
    expect(seen.events[2]!.event!.streamId).toBe('oem-revocation-1');
  });

  it('filters $all by stream-name prefix and checkpoints every interval of considered events', async () => {
    await client.appendToStream('noise-1', events('Noise', 45));
    await client.appendToStream('partner-9', events('Wanted', 2));
    const checkpoints: bigint[] = [];
    const filter = streamNameFilter({
      prefixes: ['partner-'],
      maxSearchWindow: 5,
      checkpointInterval: 2,
      checkpointReached: async (_subscription, position) => void checkpoints.push(position.commit),
    });
    const seen = probe(track(client.subscribeToAll({ fromPosition: START, filter })));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    await client.appendToStream('noise-2', events('LiveNoise', 25));
    await client.appendToStream('partner-9', events('LiveWanted', 1));
    const all = await collectAll();
    const expected = all.filter((_, index) => (index + 1) % 10 === 0).map((e) => e.event!.position!.commit);
    await eventually(() => seen.events.length === 3 && checkpoints.length === expected.length, 'events and checkpoints');
    expect(typesOf(seen.events)).toEqual(['Wanted0', 'Wanted1', 'LiveWanted0']);
    expect(checkpoints).toEqual(expected);
  });

  it('filters out system events by event-type regex', async () => {
    await client.setStreamMetadata('customer-3', { maxCount: 10 });
    await client.appendToStream('customer-3', events('CustomerOnboarded', 1));
    const all = await collectAll();
    expect(all.some((e) => e.event!.type === '$metadata')).toBe(true);
    const seen = probe(track(client.subscribeToAll({ filter: excludeSystemEvents() })));
    const typed = probe(track(client.subscribeToAll({ filter: eventTypeFilter({ regex: '^CustomerOnboarded' }) })));
    await eventually(() => seen.caughtUpAt >= 0 && typed.caughtUpAt >= 0, 'caughtUp');
    expect(seen.events.some((e) => e.event!.type.startsWith('$'))).toBe(false);
    expect(seen.events.length).toBe(all.filter((e) => !e.event!.type.startsWith('$')).length);
    expect(typesOf(typed.events)).toEqual(['CustomerOnboarded0']);
  });

  it('resolves links when asked', async () => {
    await client.appendToStream('registration-5', events('DeviceRegistered', 1));
    await client.appendToStream('$ce-registration', binaryEvent({ type: '$>', data: Buffer.from('0@registration-5') }));
    const seen = probe(track(client.subscribeToStream('$ce-registration', { resolveLinkTos: true })));
    await eventually(() => seen.events.length === 1, 'the link');
    expect(seen.events[0]!.event).toMatchObject({ streamId: 'registration-5', type: 'DeviceRegistered0' });
    expect(seen.events[0]!.link).toMatchObject({ streamId: '$ce-registration', type: '$>' });
  });

  it('ends a stream subscription with StreamDeletedError when the stream is tombstoned', async () => {
    await client.appendToStream('partner-gone-1', events('PartnerRegistered', 2));
    const live = probe(track(client.subscribeToStream('partner-gone-1')));
    await eventually(() => live.caughtUpAt === 2, 'caught up');
    await client.tombstoneStream('partner-gone-1');
    await eventually(() => live.error !== undefined, 'the live subscriber sees the tombstone');
    expect(live.error).toBeInstanceOf(StreamDeletedError);
    const later = probe(track(client.subscribeToStream('partner-gone-1')));
    await eventually(() => later.error !== undefined, 'a new subscriber sees the tombstone');
    expect(later.error).toBeInstanceOf(StreamDeletedError);
    expect(later.events).toEqual([]);
  });

  it('serves ten subscribers while appenders write, each seeing every event once and in order', async () => {
    const probes = Array.from({ length: 10 }, () => probe(track(client.subscribeToStream('busy-partner-1'))));
    await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        for (let i = 0; i < 10; i++) await client.appendToStream('busy-partner-1', events(`W${writer}-${i}-`, 2));
      }),
    );
    await eventually(() => probes.every((p) => p.events.length === 80), '80 events for everyone');
    for (const p of probes) {
      expect(p.caughtUpAt).toBeGreaterThanOrEqual(0);
      expect(p.events.map((e) => e.event!.revision)).toEqual(Array.from({ length: 80 }, (_, i) => BigInt(i)));
    }
  });

  it('drops a subscriber too slow for the appends with the client TimeoutError, while others and appends go on', async () => {
    const slow = track(client.subscribeToStream('bulk-1'));
    const slowSeen = probe(slow, { paused: true });
    const fast = probe(track(client.subscribeToStream('bulk-1')));
    await eventually(() => fast.caughtUpAt >= 0 && slowSeen.confirmed, 'both subscribed');
    // 30 appends of 500 events: past the node's live backlog of 10,000 messages for a subscriber that reads nothing.
    for (let i = 1; i <= 30; i++) {
      await client.appendToStream('bulk-1', events(`Bulk${i}-`, 500));
      await eventually(() => fast.events.length === i * 500, `the fast subscriber has ${i * 500} events`);
    }
    slow.on('data', () => undefined);
    await eventually(() => slowSeen.error !== undefined, 'the slow subscriber sees its error');
    expect(slowSeen.error).toBeInstanceOf(TimeoutError);
    expect(slowSeen.error).toMatchObject({ type: ErrorType.TIMEOUT });
    expect(fast.error).toBeUndefined();
  });

  async function collectAll(): Promise<ResolvedEvent[]> {
    const read: ResolvedEvent[] = [];
    for await (const event of client.readAll({ fromPosition: START })) read.push(event);
    return read;
  }
});
