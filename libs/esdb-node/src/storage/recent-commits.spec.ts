import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from './event-log.js';
import { RecentCommits } from './recent-commits.js';

const event = (position: number, streamId: string, revision: number, bytes = 10): RecordedEvent => ({
  position: BigInt(position),
  streamId,
  revision: BigInt(revision),
  eventId: `id-${position}`,
  eventType: 'T',
  contentType: 'application/json',
  data: Buffer.alloc(bytes),
  metadata: Buffer.alloc(0),
  createdTicks: 1n,
});

const positions = (events: RecordedEvent[] | undefined) => events?.map((e) => Number(e.position));

describe('RecentCommits', () => {
  it('answers $all reads only from a position it holds, up to its last event', () => {
    const recent = new RecentCommits();
    recent.add([event(5, 'a', 0), event(6, 'b', 0)]);
    recent.add([event(7, 'a', 1)]);
    expect(positions(recent.readAllForwards(5n, 10))).toEqual([5, 6, 7]);
    expect(positions(recent.readAllForwards(6n, 1))).toEqual([6]);
    expect(recent.readAllForwards(4n, 10)).toBeUndefined();
    expect(recent.readAllForwards(8n, 10)).toBeUndefined();
  });

  it('answers a stream read only when it holds all of the stream from that revision to its last', () => {
    const recent = new RecentCommits();
    recent.add([event(5, 'a', 3), event(6, 'b', 0), event(7, 'a', 4)]);
    expect(positions(recent.readStreamForwards('a', 3n, 10, () => 4n))).toEqual([5, 7]);
    expect(positions(recent.readStreamForwards('a', 4n, 10, () => 4n))).toEqual([7]);
    expect(positions(recent.readStreamForwards('a', 5n, 10, () => 4n))).toEqual([]);
    expect(recent.readStreamForwards('a', 2n, 10, () => 4n)).toBeUndefined(); // revision 2 is older than the window
    expect(recent.readStreamForwards('a', 3n, 10, () => 5n)).toBeUndefined(); // the stream has more than reported
    expect(recent.readStreamForwards('c', 0n, 10, () => 0n)).toBeUndefined();
  });

  it('forgets its oldest events past its bounds, and everything on a gap', () => {
    const recent = new RecentCommits(3, 1_000_000);
    recent.add([event(1, 'a', 0), event(2, 'a', 1)]);
    recent.add([event(3, 'b', 0), event(4, 'a', 2)]);
    expect(positions(recent.readAllForwards(2n, 10))).toEqual([2, 3, 4]);
    expect(recent.readAllForwards(1n, 10)).toBeUndefined();
    expect(recent.readStreamForwards('a', 0n, 10, () => 2n)).toBeUndefined();
    expect(positions(recent.readStreamForwards('a', 1n, 10, () => 2n))).toEqual([2, 4]);
    recent.add([event(9, 'c', 0)]);
    expect(recent.readAllForwards(4n, 10)).toBeUndefined();
    expect(positions(recent.readAllForwards(9n, 10))).toEqual([9]);
    expect(recent.readStreamForwards('a', 2n, 10, () => 2n)).toBeUndefined();

    const small = new RecentCommits(100, 800); // ~256 bytes counted per event beyond its payload
    small.add([event(1, 'a', 0, 100), event(2, 'a', 1, 100), event(3, 'a', 2, 100)]);
    expect(positions(small.readAllForwards(1n, 10))).toBeUndefined();
    expect(positions(small.readAllForwards(2n, 10))).toEqual([2, 3]);
  });
});
