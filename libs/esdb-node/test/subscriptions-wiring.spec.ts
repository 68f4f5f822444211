import { START, jsonEvent, streamNameFilter, type ResolvedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { startTestNode, type TestNode } from './node-harness.test.js';

/** The subscriptions module is tested on its own; this checks the node hands it the durable log. */
describe('subscriptions through the embedded node', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  it('catches up from the SQLite log, then goes live on each commit', async () => {
    const s = `sub-${randomUUID()}`;
    await t.client.appendToStream(s, [jsonEvent({ type: 'Old', data: { n: 0 } }), jsonEvent({ type: 'Old', data: { n: 1 } })]);
    const subscription = t.client.subscribeToStream(s, { fromRevision: START });
    const seen: ResolvedEvent[] = [];
    let caughtUp = false;
    subscription.on('caughtUp', () => (caughtUp = true));
    const done = new Promise<void>((resolve, reject) => {
      subscription.on('data', (e: ResolvedEvent) => {
        seen.push(e);
        if (seen.length === 4) resolve();
      });
      subscription.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 200));
    await t.client.appendToStream(s, [jsonEvent({ type: 'New', data: { n: 2 } }), jsonEvent({ type: 'New', data: { n: 3 } })]);
    await done;
    await subscription.unsubscribe();
    expect(seen.map((e) => e.event!.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(caughtUp).toBe(true);
  });

  it('serves filtered $all subscriptions', async () => {
    const prefix = `filtered-${randomUUID()}`;
    const subscription = t.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix] }) });
    const seen: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      subscription.on('data', (e: ResolvedEvent) => {
        seen.push(e.event!.streamId);
        if (seen.length === 2) resolve();
      });
      subscription.on('error', reject);
    });
    await t.client.appendToStream(`other-${randomUUID()}`, jsonEvent({ type: 'X', data: {} }));
    await t.client.appendToStream(`${prefix}-a`, jsonEvent({ type: 'X', data: {} }));
    await t.client.appendToStream(`${prefix}-b`, jsonEvent({ type: 'X', data: {} }));
    await done;
    await subscription.unsubscribe();
    expect(seen).toEqual([`${prefix}-a`, `${prefix}-b`]);
  });
});
