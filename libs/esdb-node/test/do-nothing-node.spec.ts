import { EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { startDoNothingNode, type DoNothingNode } from '../src/do-nothing-node.js';
import { collect } from './node-harness.test.js';

/** The benchmark's ceiling: same gRPC surface, nothing stored, synthetic events from memory. */
describe('do-nothing node', () => {
  let node: DoNothingNode;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    node = await startDoNothingNode({ syntheticEvents: 1_000 });
    client = EventStoreDBClient.connectionString(node.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await node.stop();
  });

  it('acknowledges appends (over BatchAppend) without storing them', async () => {
    const result = await client.appendToStream('anything', [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })]);
    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(1n);
    await expect(collect(client.readStream('anything'))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('streams its synthetic events to reads and catch-up subscriptions', async () => {
    const all = await collect(client.readAll({ fromPosition: START }));
    expect(all).toHaveLength(1_000);
    expect(all[999]!.event!.position!.commit).toBe(1_000n);
    const subscription = client.subscribeToAll({ fromPosition: START });
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      subscription.on('data', () => {
        if (++count === 1_000) resolve();
      });
      subscription.on('error', reject);
    });
    await subscription.unsubscribe();
    expect(count).toBe(1_000);
  });
});
