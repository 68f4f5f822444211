import type { BatchStore } from './committing-follower.js';
import type { RecordedEvent } from './events.js';

/** One store fed by a `FanOutStore`, with the events it takes (default: every event). */
export interface FanOutBranch {
  readonly store: BatchStore;
  readonly accepts?: (event: RecordedEvent) => boolean;
}

/**
 * Several `BatchStore`s fed by one follower of `$all` (one subscription, so each event is read and decoded once),
 * each with its own committed position: following resumes from the lowest of them, and every store is handed only
 * the events after its own position that it accepts, so each sees every event it takes exactly once, in order.
 * A commit commits each store's batch in turn; if one fails, the follower discards every open batch and follows
 * again from the lowest committed position, and the stores that had committed skip what they already hold.
 * After a commit, `onCommitted` is told the position of the last event the follower handed over: every store now
 * holds every event up to it that it takes (a store that takes none of the last events has nothing missing).
 */
export class FanOutStore implements BatchStore {
  private readonly open: RecordedEvent[][];
  /** The position of the last event handed to each store since its last commit (undefined: none). */
  private readonly handedUpTo: (bigint | undefined)[];

  constructor(
    private readonly branches: readonly FanOutBranch[],
    private readonly onCommitted: (position: bigint) => void = () => undefined,
  ) {
    if (branches.length === 0) throw new Error('a FanOutStore needs at least one store');
    this.open = branches.map(() => []);
    this.handedUpTo = branches.map(() => undefined);
  }

  /** The lowest committed position of the stores: undefined (from the first event) while any has committed none. */
  get committedPosition(): bigint | undefined {
    let lowest: bigint | undefined;
    for (const { store } of this.branches) {
      const position = store.committedPosition;
      if (position === undefined) return undefined;
      if (lowest === undefined || position < lowest) lowest = position;
    }
    return lowest;
  }

  /**
   * Hands `event` to every store that takes it and does not hold it yet. When a store throws, the stores before it
   * keep the event and the follower hands it again: they skip it then, as they skip what they have committed.
   */
  add(event: RecordedEvent): void {
    this.branches.forEach(({ store, accepts }, index) => {
      const upTo = this.handedUpTo[index] ?? store.committedPosition;
      if (upTo !== undefined && event.position <= upTo) return;
      if (accepts !== undefined && !accepts(event)) return;
      store.add(event);
      this.open[index]!.push(event);
      this.handedUpTo[index] = event.position;
    });
  }

  /** Commits each store's open batch (a store with none is left alone); `events` are all the follower handed over. */
  commit(events: readonly RecordedEvent[]): void {
    this.branches.forEach(({ store }, index) => {
      const open = this.open[index]!;
      if (open.length === 0) return;
      store.commit(open);
      this.open[index] = [];
    });
    const last = events.at(-1);
    if (last !== undefined) this.onCommitted(last.position);
  }

  discard(): void {
    this.branches.forEach(({ store }, index) => {
      store.discard();
      this.open[index] = [];
      this.handedUpTo[index] = undefined;
    });
  }
}
