import {
  END,
  ErrorType,
  EventStoreDBClient,
  START,
  TimeoutError,
  eventTypeFilter,
  streamNameFilter,
  type Position,
} from '@eventstore/db-client';
import { LiveFeed } from './live-feed.js';
import { InMemoryEventLog } from './testing/in-memory-event-log.test.js';
import { startSubscriptionTestServer, type SubscriptionTestServer } from './testing/subscription-test-server.test.js';
import { eventually, probe, typesOf } from './testing/subscription-probe.test.js';

/** Subscriptions through the real client against serveSubscription over an in-memory log. */
describe('serveSubscription', () => {
  let log: InMemoryEventLog;
  let server: SubscriptionTestServer;
  let client: EventStoreDBClient;
  const open: { unsubscribe(): Promise<void> }[] = [];

  const types = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ type: `${prefix}${i}` }));

  beforeEach(async () => {
    log = new InMemoryEventLog();
    server = await startSubscriptionTestServer(log, { maxLiveBacklogMessages: 500, maxLiveBacklogBytes: 4 << 20, catchUpBatchSize: 16 });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.unsubscribe()));
    await client.dispose();
    await server.close();
  });

  function track<T extends { unsubscribe(): Promise<void> }>(subscription: T): T {
    open.push(subscription);
    return subscription;
  }

  it('catches up on a stream, says caughtUp, then delivers live events with no gap or duplicate', async () => {
    log.append('consent-1', types('Old', 40));
    log.append('other-1', types('Noise', 5));
    const seen = probe(track(client.subscribeToStream('consent-1')));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    log.append('consent-1', types('New', 3));
    await eventually(() => seen.events.length === 43, '43 events');
    expect(seen.confirmed).toBe(true);
    expect(seen.caughtUpAt).toBe(40);
    expect(seen.events.map((e) => e.event!.revision)).toEqual(Array.from({ length: 43 }, (_, i) => BigInt(i)));
    expect(typesOf(seen.events.slice(40))).toEqual(['New0', 'New1', 'New2']);
  });

  it('starts a stream subscription after the given revision, or at the end', async () => {
    log.append('consent-1', types('E', 5));
    const afterTwo = probe(track(client.subscribeToStream('consent-1', { fromRevision: 2n })));
    const fromEnd = probe(track(client.subscribeToStream('consent-1', { fromRevision: END })));
    await eventually(() => afterTwo.caughtUpAt >= 0 && fromEnd.caughtUpAt >= 0, 'both caught up');
    log.append('consent-1', types('Live', 1));
    await eventually(() => afterTwo.events.length === 3 && fromEnd.events.length === 1, 'live event');
    expect(typesOf(afterTwo.events)).toEqual(['E3', 'E4', 'Live0']);
    expect(typesOf(fromEnd.events)).toEqual(['Live0']);
  });

  it('waits on a stream that does not exist yet', async () => {
    const seen = probe(track(client.subscribeToStream('later-1')));
    await eventually(() => seen.caughtUpAt === 0, 'caughtUp with nothing to catch up');
    log.append('later-1', types('First', 1));
    await eventually(() => seen.events.length === 1, 'the first event');
    expect(seen.error).toBeUndefined();
  });

  it('delivers every event of $all exactly once while appends race the switch to live', async () => {
    log.append('a-1', types('Pre', 100));
    // The appends follow the server's own reads, not the clock: after every read of $all (each catch-up
    // step, the switch's final read, each live-feed read) one more append commits on the next turn of the
    // event loop, so commits land between the steps of catch-up, around the switch, and once live.
    let racing = 0;
    log.afterReadAll = () => {
      if (racing >= 50) return;
      const i = racing++;
      setImmediate(() => log.append(`a-${i % 3}`, types(`Race${i}-`, 3)));
    };
    const seen = probe(track(client.subscribeToAll({ fromPosition: START })));
    await eventually(() => seen.events.length >= 250 && seen.caughtUpAt >= 0, 'all 250 events and caughtUp');
    // caughtUp came after the 100 events there at the start and before the last appends: they arrived live.
    expect(seen.caughtUpAt).toBeGreaterThanOrEqual(100);
    expect(seen.caughtUpAt).toBeLessThan(250);
    expect(seen.events.map((e) => e.event!.position!.commit)).toEqual(Array.from({ length: 250 }, (_, i) => BigInt(i + 1)));
  });

  it('starts a $all subscription strictly after the given position', async () => {
    log.append('a-1', types('E', 4));
    const position: Position = { commit: 2n, prepare: 2n };
    const seen = probe(track(client.subscribeToAll({ fromPosition: position })));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    expect(typesOf(seen.events)).toEqual(['E2', 'E3']);
  });

  it('filters $all on stream-name prefixes and sends checkpoints through non-matching events', async () => {
    log.append('noise-1', types('Noise', 95));
    log.append('partner-1', types('Wanted', 2));
    const checkpoints: bigint[] = [];
    const filter = streamNameFilter({
      prefixes: ['partner-'],
      maxSearchWindow: 10,
      checkpointInterval: 2,
      checkpointReached: async (_subscription, position) => void checkpoints.push(position.commit),
    });
    const seen = probe(track(client.subscribeToAll({ fromPosition: START, filter })));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    log.append('noise-2', types('LiveNoise', 30));
    log.append('partner-2', types('LiveWanted', 1));
    await eventually(() => seen.events.length === 3 && checkpoints.length === 6, '3 events and 6 checkpoints');
    expect(typesOf(seen.events)).toEqual(['Wanted0', 'Wanted1', 'LiveWanted0']);
    // Every 10 x 2 = 20 considered events, at the last one considered, in catch-up and live alike.
    expect(checkpoints).toEqual([20n, 40n, 60n, 80n, 100n, 120n]);
  });

  it('filters $all on event types by regex', async () => {
    log.append('consent-1', [{ type: 'ConsentRequested' }, { type: '$metadata' }, { type: 'ConsentAccepted' }, { type: 'DapRemoved' }]);
    const filter = eventTypeFilter({ regex: '^Consent' });
    const seen = probe(track(client.subscribeToAll({ fromPosition: START, filter })));
    await eventually(() => seen.caughtUpAt >= 0, 'caughtUp');
    expect(typesOf(seen.events)).toEqual(['ConsentRequested', 'ConsentAccepted']);
  });

  it('refuses an invalid filter regex with an error the client sees', async () => {
    const seen = probe(track(client.subscribeToAll({ filter: eventTypeFilter({ regex: '([' }) })));
    await eventually(() => seen.error !== undefined, 'an error');
    expect(seen.error!.message).toMatch(/not a valid regular expression/);
  });

  it('resolves links when asked, and leaves them alone otherwise', async () => {
    log.append('consent-7', [{ type: 'ConsentAccepted', data: { id: 7 } }]);
    log.append('$ce-consent', [{ type: '$>', data: '0@consent-7' }, { type: '$>', data: '5@gone-1' }]);
    const resolved = probe(track(client.subscribeToStream('$ce-consent', { resolveLinkTos: true })));
    const raw = probe(track(client.subscribeToStream('$ce-consent')));
    await eventually(() => resolved.events.length === 2 && raw.events.length === 2, 'two links each');
    expect(resolved.events[0]!.event).toMatchObject({ streamId: 'consent-7', type: 'ConsentAccepted', data: { id: 7 } });
    expect(resolved.events[0]!.link).toMatchObject({ streamId: '$ce-consent', type: '$>', revision: 0n });
    expect(resolved.events[1]!.event).toBeUndefined();
    expect(resolved.events[1]!.link).toMatchObject({ streamId: '$ce-consent', revision: 1n });
    expect(raw.events[0]!.event).toMatchObject({ streamId: '$ce-consent', type: '$>' });
    expect(raw.events[0]!.link).toBeUndefined();
  });

  it('serves ten subscribers at once, each getting every event in order', async () => {
    log.append('many-1', types('Pre', 20));
    const probes = Array.from({ length: 10 }, (_, i) =>
      probe(track(i % 2 === 0 ? client.subscribeToStream('many-1') : client.subscribeToAll())),
    );
    await eventually(() => probes.every((p) => p.caughtUpAt >= 0), 'all caught up');
    for (let i = 0; i < 10; i++) log.append('many-1', types(`Live${i}-`, 2));
    await eventually(() => probes.every((p) => p.events.length === 40), 'all 40 events everywhere');
    for (const p of probes) expect(p.events.map((e) => e.event!.revision)).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i)));
    expect(LiveFeed.of(log).subscriberCount).toBe(10);
    expect(log.listenerCount).toBe(1);
  });

  it('drops a live subscriber that falls too far behind, with the client TimeoutError, without stalling others', async () => {
    const slow = track(client.subscribeToAll());
    const slowSeen = probe(slow, { paused: true });
    const fast = probe(track(client.subscribeToAll()));
    await eventually(() => fast.caughtUpAt >= 0 && LiveFeed.of(log).subscriberCount === 2, 'both live');
    const payload = 'x'.repeat(1024);
    for (let i = 1; i <= 30; i++) {
      log.append('busy-1', Array.from({ length: 50 }, () => ({ type: 'Busy', data: { payload } })));
      // The fast one keeps up (so only the paused one builds a backlog past the limit of 500).
      await eventually(() => fast.events.length === i * 50, `the fast subscriber has ${i * 50} events`);
    }
    await eventually(() => LiveFeed.of(log).subscriberCount === 1, 'the slow subscriber dropped');
    await eventually(() => fast.events.length === 1500, 'the fast subscriber got all 1500 events');
    slow.on('data', () => undefined);
    await eventually(() => slowSeen.error !== undefined, 'the slow subscriber sees its error');
    expect(slowSeen.error).toBeInstanceOf(TimeoutError);
    expect(slowSeen.error).toMatchObject({ type: ErrorType.TIMEOUT });
    expect(slowSeen.error!.message).toMatch(/Consumer too slow/);
  });

  it('stops catching up and holds nothing once a client unsubscribes mid catch-up', async () => {
    for (let i = 0; i < 20; i++) log.append('big-1', types('Old', 100));
    const subscription = client.subscribeToAll();
    const seen = probe(subscription);
    await eventually(() => seen.events.length > 0, 'the first catch-up events');
    await subscription.unsubscribe();
    log.append('big-1', types('After', 1));
    // Had the server kept catching up after the cancel, it would have gone live by now (2,000 events take ~20 ms).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(LiveFeed.of(log).subscriberCount).toBe(0);
    expect(log.listenerCount).toBe(0);
  });

  it('frees the live feed and the log listener when clients unsubscribe', async () => {
    const subscriptions = [client.subscribeToAll(), client.subscribeToStream('x-1')];
    const probes = subscriptions.map((s) => probe(s));
    await eventually(() => probes.every((p) => p.caughtUpAt >= 0) && LiveFeed.of(log).subscriberCount === 2, 'both live');
    await Promise.all(subscriptions.map((s) => s.unsubscribe()));
    await eventually(() => LiveFeed.of(log).subscriberCount === 0, 'no live subscriber left');
    expect(log.listenerCount).toBe(0);
  });
});
