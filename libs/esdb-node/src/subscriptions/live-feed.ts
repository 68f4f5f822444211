import type { EventLog, RecordedEvent } from '../storage/event-log.js';

/** A subscription that has caught up and now takes events as they are committed. */
export interface LiveSubscriber {
  /** Newly committed events in `$all` order (possibly some it already has: it drops those). Must not throw. */
  offerLive(events: readonly RecordedEvent[]): void;
  /** The feed cannot read the log any more; the subscriber ends with this error. */
  failLive(error: Error): void;
}

/** Events read from the log per step when a commit is announced. */
const FEED_READ_BATCH = 512;

const feeds = new WeakMap<EventLog, LiveFeed>();

/**
 * One reader of newly committed events per log, fanned out to every live subscriber: each commit is
 * read from the log once, however many subscribers there are, and the same event objects are shared.
 * The feed listens to the log only while someone is live, and never blocks the commit path: it hands
 * events to subscribers, which buffer them (boundedly) or drop themselves.
 */
export class LiveFeed {
  private readonly subscribers = new Set<LiveSubscriber>();
  private stopListening: (() => void) | undefined;
  private seenUpTo = 0n;

  private constructor(private readonly log: EventLog) {}

  static of(log: EventLog): LiveFeed {
    let feed = feeds.get(log);
    if (!feed) {
      feed = new LiveFeed(log);
      feeds.set(log, feed);
    }
    return feed;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * From now on the subscriber is offered every event committed after this call. Call it BEFORE the
   * subscriber's final catch-up read: whatever commits in between then arrives twice, never zero times.
   */
  join(subscriber: LiveSubscriber): void {
    if (this.subscribers.size === 0) {
      this.seenUpTo = this.log.lastPosition();
      this.stopListening = this.log.onCommitted((lastPosition) => this.onCommitted(lastPosition));
    }
    this.subscribers.add(subscriber);
  }

  leave(subscriber: LiveSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private onCommitted(lastPosition: bigint): void {
    try {
      while (this.seenUpTo < lastPosition && this.subscribers.size > 0) {
        const events = this.log.readAllForwards(this.seenUpTo + 1n, FEED_READ_BATCH);
        if (events.length === 0) return;
        this.seenUpTo = events[events.length - 1]!.position;
        // A copy: a subscriber offered events may drop itself (and leave) while we iterate.
        for (const subscriber of [...this.subscribers]) subscriber.offerLive(events);
      }
    } catch (error) {
      this.failAll(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private failAll(error: Error): void {
    const failed = [...this.subscribers];
    this.subscribers.clear();
    this.stopListening?.();
    this.stopListening = undefined;
    for (const subscriber of failed) subscriber.failLive(error);
  }
}
