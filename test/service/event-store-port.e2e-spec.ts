import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import Database from 'better-sqlite3';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import {
  ConcurrencyError,
  EsdbEventStore,
  type EventStoreLogger,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const proposed = (type: string, data: NewEvent['data'] = {}): NewEvent => ({ id: randomUUID(), type, data });

/** Resolves once `predicate` holds, polling; the suite's own timeout bounds the wait. */
const until = async (predicate: () => boolean): Promise<void> => {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the event-store port over the embedded node', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  // Every test writes its own event types, so that $all reads and subscriptions see only their events.
  let run: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-port-'));
    node = await startEmbeddedNode({ dataDir, port: 0 });
    store = EsdbEventStore.connect(node.connectionString, {
      logger: silent,
      backoff: { initialDelayMs: 10, maxDelayMs: 50 },
    });
  });

  beforeEach(() => {
    run = randomUUID().slice(0, 8);
  });

  afterAll(async () => {
    // Each resource is released even when an earlier one failed (or never started), so jest can exit.
    await store?.dispose().catch(() => undefined);
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('append with an expected revision', () => {
    it('no_stream creates the stream; the next append names the revision it was given', async () => {
      const stream = `partner-${run}`;
      const first = await store.append(stream, [proposed('PartnerEnrolled'), proposed('PartnerRenamed')], {
        expectedRevision: 'no_stream',
      });
      expect(first.nextExpectedRevision).toBe(1n);
      const second = await store.append(stream, [proposed('PartnerRenamed')], {
        expectedRevision: first.nextExpectedRevision,
      });
      expect(second.nextExpectedRevision).toBe(2n);
      expect(second.position).toBeGreaterThan(first.position);
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      expect(events[2]!.position).toBe(second.position);
    });

    it('refuses a stale revision with a ConcurrencyError naming expected and actual', async () => {
      const stream = `partner-${run}`;
      await store.append(stream, [proposed('A'), proposed('B')], { expectedRevision: 'no_stream' });
      const stale = store.append(stream, [proposed('C')], { expectedRevision: 0n });
      await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(stale).rejects.toMatchObject({ stream, expected: 0n, actual: 1n });
    });

    it('refuses no_stream on an existing stream and stream_exists on a missing one; any always passes', async () => {
      const stream = `partner-${run}`;
      await expect(store.append(stream, [proposed('A')], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        actual: 'no_stream',
      });
      await store.append(stream, [proposed('A')], { expectedRevision: 'any' });
      await expect(store.append(stream, [proposed('B')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'no_stream',
        actual: 0n,
      });
      await store.append(stream, [proposed('B')], { expectedRevision: 'stream_exists' });
      expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['A', 'B']);
    });

    it('keeps data and metadata as JSON objects, with id, created time and position', async () => {
      const stream = `partner-${run}`;
      const event: NewEvent = {
        id: randomUUID(),
        type: 'PartnerEnrolled',
        data: { partnerId: 'P1', kind: 'OEM', eligible: true },
        metadata: { actor: { sub: 'support-1' }, correlationId: 'c-1' },
      };
      const { position } = await store.append(stream, [event], { expectedRevision: 'no_stream' });
      const [recorded] = await store.readStream(stream);
      expect(recorded).toMatchObject({ ...event, stream, revision: 0n, position });
      expect(recorded!.createdAt).toBeInstanceOf(Date);
    });

    it('stores metadata as the bytes of its JSON text, as the client stores an object, and reads it back as one', async () => {
      const metadata = { actor: { sub: 'ga-1', upn: 'zoë@contoso.com', roles: ['Global Administrator'] }, note: '“quoted” ✓' };
      const byPort = `partner-${run}-port`;
      const byClient = `partner-${run}-client`;
      await store.append(byPort, [{ ...proposed('MetadataBytes'), metadata }], { expectedRevision: 'no_stream' });
      const client = EventStoreDBClient.connectionString(node.connectionString);
      try {
        await client.appendToStream(byClient, jsonEvent({ id: randomUUID(), type: 'MetadataBytes', data: {}, metadata }));
      } finally {
        await client.dispose();
      }
      const db = new Database(join(dataDir, 'events.db'), { readonly: true });
      try {
        const stored = (stream: string): Buffer =>
          db.prepare<[string], { metadata: Buffer }>('SELECT metadata FROM events WHERE stream = ?').get(stream)!.metadata;
        expect(stored(byPort)).toEqual(Buffer.from(JSON.stringify(metadata), 'utf8'));
        expect(stored(byPort)).toEqual(stored(byClient));
      } finally {
        db.close();
      }
      expect((await store.readStream(byPort))[0]!.metadata).toEqual(metadata);
    });
  });

  it('reads a missing stream as [] and honours fromRevision and maxCount', async () => {
    expect(await store.readStream(`nobody-${run}`)).toEqual([]);
    const stream = `partner-${run}`;
    await store.append(stream, ['A', 'B', 'C', 'D'].map((type) => proposed(type)), { expectedRevision: 'no_stream' });
    const page = await store.readStream(stream, { fromRevision: 1n, maxCount: 2 });
    expect(page.map((event) => event.type)).toEqual(['B', 'C']);
  });

  it('reads $all forwards from a position, across batches, without system events', async () => {
    const stream = `audit-${run}`;
    const start = await store.append(`${stream}-before`, [proposed(`Before${run}`)], { expectedRevision: 'no_stream' });
    const types = Array.from({ length: 7 }, (_, index) => `Audited${run}-${index}`);
    await store.append(stream, types.map((type) => proposed(type)), { expectedRevision: 'no_stream' });
    const seen: RecordedEvent[] = [];
    for await (const event of store.readAll({ fromPosition: start.position, batchSize: 3 })) {
      if (event.type.startsWith(`Audited${run}`)) seen.push(event);
      expect(event.type.startsWith('$')).toBe(false);
    }
    expect(seen.map((event) => event.type)).toEqual(types);
    const positions = seen.map((event) => event.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('subscribes to $all with an event-type filter, signals caught up, then delivers live events', async () => {
    const history = [proposed(`Consent${run}Requested`), proposed(`Other${run}`), proposed(`Consent${run}Accepted`)];
    await store.append(`relationship-${run}`, history, { expectedRevision: 'no_stream' });
    const delivered: string[] = [];
    const subscription = store.subscribeToAll({
      name: `consents-${run}`,
      fromPosition: 'start',
      filter: { eventTypePrefixes: [`Consent${run}`] },
      handler: (event) => {
        delivered.push(event.type);
      },
    });
    try {
      await subscription.caughtUp;
      expect(delivered).toEqual([`Consent${run}Requested`, `Consent${run}Accepted`]);
      expect(subscription.status().state).toBe('live');

      await store.append(`relationship-${run}`, [proposed(`Consent${run}Cancelled`), proposed(`Other${run}`)], {
        expectedRevision: 2n,
      });
      await until(() => delivered.length === 3);
      expect(delivered[2]).toBe(`Consent${run}Cancelled`);
    } finally {
      await subscription.stop();
    }
    expect(store.subscriptionStatuses().some((status) => status.name === `consents-${run}`)).toBe(false);
  });

  it('filters by regex and starts after a given position', async () => {
    const { position } = await store.append(`r-${run}`, [proposed(`Revoked${run}`)], { expectedRevision: 'no_stream' });
    await store.append(`r-${run}`, [proposed(`Revoked${run}`), proposed(`Kept${run}`)], { expectedRevision: 0n });
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      name: `regex-${run}`,
      fromPosition: position,
      filter: { eventTypeRegex: `^Revoked${run}$` },
      handler: (event) => {
        delivered.push(event);
      },
    });
    await subscription.caughtUp;
    await subscription.stop();
    expect(delivered.map((event) => [event.type, event.revision])).toEqual([[`Revoked${run}`, 1n]]);
  });

  it('retries a failing handler on the same event, reports it, and never skips it', async () => {
    await store.append(`h-${run}`, [proposed(`Fragile${run}`, { n: 1 }), proposed(`Fragile${run}`, { n: 2 })], {
      expectedRevision: 'no_stream',
    });
    let failuresLeft = 3;
    const handled: unknown[] = [];
    const failingStates: string[] = [];
    const subscription = store.subscribeToAll({
      name: `fragile-${run}`,
      fromPosition: 'start',
      filter: { eventTypePrefixes: [`Fragile${run}`] },
      handler: (event) => {
        if (event.data.n === 2 && failuresLeft > 0) {
          failuresLeft -= 1;
          failingStates.push(subscription.status().state);
          throw new Error('projection store locked');
        }
        handled.push(event.data.n);
      },
    });
    await subscription.caughtUp;
    await subscription.stop();
    expect(handled).toEqual([1, 2]);
    expect(failuresLeft).toBe(0);
    // From the second failure on, the status says the handler is failing (what readiness reads).
    expect(failingStates.slice(1)).toEqual(['handler-failing', 'handler-failing']);
  });
});
