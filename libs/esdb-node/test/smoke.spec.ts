import { jsonEvent } from '@eventstore/db-client';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

describe('smoke', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  it('appends and reads', async () => {
    const r = await t.client.appendToStream('s-1', [jsonEvent({ type: 'A', data: { a: 1 } }), jsonEvent({ type: 'B', data: { b: 2 } })]);
    expect(r.nextExpectedRevision).toBe(1n);
    const events = await collect(t.client.readStream('s-1'));
    expect(events.map((e) => e.event?.type)).toEqual(['A', 'B']);
    expect(events[0]!.event!.data).toEqual({ a: 1 });
  });
});
