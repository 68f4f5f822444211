import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import type { RecordedEvent } from '../events.js';
import type { EventStoreLogger } from '../event-store-logger.js';
import { EsdbEventStore } from './esdb-event-store.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const summary = (event: RecordedEvent) => ({ id: event.id, type: event.type, stream: event.stream, position: event.position, data: event.data });

describe('EsdbEventStore.readAllBatches: readAll, a batch at a time', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'read-all-batches-'));
    node = await startEmbeddedNode({ dataDir, port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent });
    for (let i = 0; i < 23; i += 1) {
      const events = Array.from({ length: 1 + (i % 3) }, (_, j) => ({ id: randomUUID(), type: `Counted${j}`, data: { i, j } }));
      await store.append(`batches-${i % 4}`, events, { expectedRevision: 'any' });
      // System events are not the port's: neither read returns them.
      if (i % 7 === 0) await store.append(`$system-${i}`, [{ id: randomUUID(), type: '$metadata', data: { i } }], { expectedRevision: 'any' });
    }
  }, 30_000);

  afterAll(async () => {
    await store?.dispose().catch(() => undefined);
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const everyEvent = async (options: Parameters<EsdbEventStore['readAll']>[0]): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll(options)) events.push(event);
    return events;
  };

  it('hands over the same events as readAll, in order, no batch longer than batchSize', async () => {
    const expected = await everyEvent({ batchSize: 500 });
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.some((event) => event.type.startsWith('$'))).toBe(false);
    for (const batchSize of [2, 4, 5, 1_000]) {
      const batches: RecordedEvent[][] = [];
      for await (const batch of store.readAllBatches({ batchSize })) batches.push(batch);
      expect(batches.every((batch) => batch.length <= batchSize)).toBe(true);
      expect(batches.flat().map(summary)).toEqual(expected.map(summary));
    }
  });

  it('starts after fromPosition, as readAll does', async () => {
    const all = await everyEvent({});
    const from = all[17]!.position;
    const batches: RecordedEvent[][] = [];
    for await (const batch of store.readAllBatches({ fromPosition: from, batchSize: 4 })) batches.push(batch);
    expect(batches.flat().map(summary)).toEqual(all.slice(18).map(summary));
  });

  it('a slow consumer still gets every event once, in order (reads wait for it rather than pile up)', async () => {
    const expected = (await everyEvent({})).map(summary);
    const seen: RecordedEvent[] = [];
    for await (const batch of store.readAllBatches({ batchSize: 2 })) {
      seen.push(...batch);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seen.map(summary)).toEqual(expected);
  });

  it('a consumer that stops early stops the reading, and the store reads on as before', async () => {
    let taken = 0;
    for await (const batch of store.readAllBatches({ batchSize: 3 })) {
      taken += batch.length;
      if (taken >= 6) break;
    }
    expect(taken).toBeGreaterThanOrEqual(6);
    expect((await everyEvent({})).length).toBeGreaterThan(40);
  });
});
