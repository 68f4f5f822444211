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

  it('a read past its deadline stops writing (the status is sent), and the node serves the next read', async () => {
    // More than the transport and the read-ahead hold (~4 MiB), so the node is still writing at the deadline.
    const big = `big-${randomUUID()}`;
    for (let i = 0; i < 40; i++) {
      await t.client.appendToStream(big, Array.from({ length: 100 }, (_, k) => jsonEvent({ type: 'Big', data: { n: i * 100 + k, text: 'y'.repeat(1000) } })));
    }
    const outcome = await (async () => {
      let seen = 0;
      try {
        for await (const _ of t.client.readAll({ deadline: 200 })) {
          if (++seen === 1) await new Promise((resolve) => setTimeout(resolve, 400));
        }
        return `all ${seen}`;
      } catch (error) {
        return (error as Error).constructor.name;
      }
    })();
    // Whatever the client makes of it (an error, or the events it had received), the node must not break.
    expect(typeof outcome).toBe('string');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const events = await collect(t.client.readAll());
    expect(ours(events)).toHaveLength(streams.length * PER_STREAM);
    expect(events.filter((e) => e.event?.type === 'Big')).toHaveLength(4_000);
  });
});
