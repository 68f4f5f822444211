import { FORWARDS, START, jsonEvent, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { collect, startTestNode, type TestNode } from '../../test/node-harness.test.js';

/**
 * Reads write their messages to the HTTP/2 stream in batches of framed messages (read.ts, `Sink`): the
 * client must see every event once, in order, whole, wherever the batches end, with or without a
 * reader that keeps up.
 */
describe('reads in batches of framed messages', () => {
  let t: TestNode;
  const streams = [`a-${randomUUID()}`, `b-${randomUUID()}`, `c-${randomUUID()}`];
  const PER_STREAM = 400;
  // Sizes that put message boundaries all over the 64 KiB batches.
  const payload = (s: number, i: number) => ({ s, i, text: 'x'.repeat((i * 37 + s * 11) % 700) });

  beforeAll(async () => {
    t = await startTestNode();
    for (let i = 0; i < PER_STREAM; i += 50) {
      for (const [s, stream] of streams.entries()) {
        const events = Array.from({ length: 50 }, (_, k) => jsonEvent({ type: 'Sized', data: payload(s, i + k) }));
        await t.client.appendToStream(stream, events);
      }
    }
  });
  afterAll(() => t.stop());

  const ours = (events: AllStreamResolvedEvent[]) => events.filter((e) => e.event?.type === 'Sized').map((e) => e.event!);

  it('$all forwards: every event once, in position order, its data whole', async () => {
    const events = ours(await collect(t.client.readAll({ fromPosition: START, direction: FORWARDS })));
    expect(events).toHaveLength(streams.length * PER_STREAM);
    for (let n = 1; n < events.length; n++) expect(events[n]!.position!.commit).toBeGreaterThan(events[n - 1]!.position!.commit);
    for (const [s, stream] of streams.entries()) {
      const of = events.filter((e) => e.streamId === stream);
      expect(of.map((e) => e.data)).toEqual(Array.from({ length: PER_STREAM }, (_, i) => payload(s, i)));
      expect(of.map((e) => e.revision)).toEqual(Array.from({ length: PER_STREAM }, (_, i) => BigInt(i)));
    }
  });

  it('$all from a position with maxCount: exactly that many, from there', async () => {
    const all = ours(await collect(t.client.readAll()));
    const from = all[333]!.position!;
    const page = await collect(t.client.readAll({ fromPosition: from, maxCount: 500 }));
    expect(page).toHaveLength(500);
    expect(page[0]!.event!.position).toEqual(from);
    expect(ours(page).map((e) => e.id)).toEqual(all.slice(333, 833).map((e) => e.id));
  });

  it('a reader slower than the node still gets everything (back-pressure), while another read runs beside it', async () => {
    const slow = (async () => {
      const seen: string[] = [];
      for await (const resolved of t.client.readAll()) {
        if (resolved.event?.type === 'Sized') seen.push(resolved.event.id);
        if (seen.length % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return seen;
    })();
    const fast = collect(t.client.readStream(streams[1]!));
    const [slowIds, fastEvents] = await Promise.all([slow, fast]);
    expect(slowIds).toHaveLength(streams.length * PER_STREAM);
    expect(new Set(slowIds).size).toBe(slowIds.length);
    expect(fastEvents.map((e) => e.event!.data)).toEqual(Array.from({ length: PER_STREAM }, (_, i) => payload(1, i)));
  });
});
