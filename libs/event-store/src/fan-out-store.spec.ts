import type { BatchStore } from './committing-follower.js';
import type { RecordedEvent } from './events.js';
import { FanOutStore } from './fan-out-store.js';

const event = (position: number, type = 'Something'): RecordedEvent => ({
  id: `event-${position}`,
  type,
  stream: 'stream-1',
  revision: BigInt(position),
  position: BigInt(position),
  createdAt: new Date(0),
  data: {},
  metadata: {},
});

/** Records what it is handed and committed; can be told to fail its next add or commit. */
class Recording implements BatchStore {
  readonly committed: number[] = [];
  commits = 0;
  open: number[] = [];
  failNextAdd = false;
  failNextCommit = false;

  constructor(public committedPosition: bigint | undefined = undefined) {}

  add(recorded: RecordedEvent): void {
    if (this.failNextAdd) {
      this.failNextAdd = false;
      throw new Error('fold failed');
    }
    this.open.push(Number(recorded.position));
  }

  commit(events: readonly RecordedEvent[]): void {
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('disk full');
    }
    expect(events.map((recorded) => Number(recorded.position))).toEqual(this.open);
    this.commits += 1;
    this.committed.push(...this.open);
    this.committedPosition = events.at(-1)!.position;
    this.open = [];
  }

  discard(): void {
    this.open = [];
  }
}

/** What a follower does: hand every event after the fan-out's committed position, then commit. */
const follow = (fanOut: FanOutStore, upTo: number): void => {
  const handed: RecordedEvent[] = [];
  for (let position = Number(fanOut.committedPosition ?? 0n) + 1; position <= upTo; position += 1) {
    handed.push(event(position));
    fanOut.add(handed.at(-1)!);
  }
  fanOut.commit(handed);
};

describe('FanOutStore: one follower of $all feeding several stores', () => {
  it('resumes from the lowest committed position and hands each store only what comes after its own', () => {
    const behind = new Recording(2n);
    const ahead = new Recording(5n);
    const fanOut = new FanOutStore([{ store: behind }, { store: ahead }]);
    expect(fanOut.committedPosition).toBe(2n);

    follow(fanOut, 7);

    expect(behind.committed).toEqual([3, 4, 5, 6, 7]);
    expect(ahead.committed).toEqual([6, 7]);
    expect(fanOut.committedPosition).toBe(7n);
  });

  it('follows from the first event while any store has committed nothing', () => {
    const fanOut = new FanOutStore([{ store: new Recording(9n) }, { store: new Recording() }]);
    expect(fanOut.committedPosition).toBeUndefined();
  });

  it("hands a store only the events it accepts; its position is its last accepted event's", () => {
    const everything = new Recording();
    const even = new Recording();
    const fanOut = new FanOutStore([{ store: everything }, { store: even, accepts: (recorded) => recorded.position % 2n === 0n }]);

    follow(fanOut, 5);

    expect(everything.committed).toEqual([1, 2, 3, 4, 5]);
    expect(even.committed).toEqual([2, 4]);
    expect(fanOut.committedPosition).toBe(4n);
  });

  it('a store whose fold throws gets the same event again; the stores before it do not get it twice', () => {
    const first = new Recording();
    const second = new Recording();
    const fanOut = new FanOutStore([{ store: first }, { store: second }]);
    fanOut.add(event(1));
    second.failNextAdd = true;
    expect(() => fanOut.add(event(2))).toThrow('fold failed');
    fanOut.add(event(2)); // the follower hands the event again
    fanOut.commit([event(1), event(2)]);

    expect(first.committed).toEqual([1, 2]);
    expect(second.committed).toEqual([1, 2]);
  });

  it('after a failed commit, following again from the lowest position loses nothing and counts nothing twice', () => {
    const first = new Recording();
    const second = new Recording();
    const fanOut = new FanOutStore([{ store: first }, { store: second }]);
    follow(fanOut, 3);

    second.failNextCommit = true;
    const handed = [4, 5, 6].map((position) => event(position));
    for (const recorded of handed) fanOut.add(recorded);
    expect(() => fanOut.commit(handed)).toThrow('disk full');
    fanOut.discard(); // what the follower does, before following again after the committed position
    expect(fanOut.committedPosition).toBe(3n);
    follow(fanOut, 8);

    expect(first.committed).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(second.committed).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('after each commit, tells the position of the last event handed over, even one that no store took', () => {
    const followed: bigint[] = [];
    const odd = new Recording();
    const fanOut = new FanOutStore([{ store: odd, accepts: (recorded) => recorded.position % 2n === 1n }], (position) => followed.push(position));
    follow(fanOut, 3);
    expect(followed).toEqual([3n]);

    fanOut.add(event(4)); // taken by no store: nothing to commit, yet followed
    fanOut.commit([event(4)]);
    expect(followed).toEqual([3n, 4n]);
    expect(odd.commits).toBe(1);
    expect(fanOut.committedPosition).toBe(3n);

    odd.failNextCommit = true;
    fanOut.add(event(5));
    expect(() => fanOut.commit([event(5)])).toThrow('disk full');
    expect(followed).toEqual([3n, 4n]);
  });

  it('commits a store only when it was handed something', () => {
    const idle = new Recording(10n);
    const busy = new Recording(3n);
    const fanOut = new FanOutStore([{ store: idle }, { store: busy }]);
    follow(fanOut, 6);
    expect(idle.commits).toBe(0);
    expect(busy.committed).toEqual([4, 5, 6]);
  });
});
