import { visibleFrom, type StreamVisibility } from '../metadata/visibility.js';
import type { EventLog, RecordedEvent } from '../storage/event-log.js';
import type { StartPoint, SubscriptionTarget } from './subscription-request.js';

/** What a subscription reads: the log, and which of a stream's events its rules still let a reader see. */
export type SubscribedLog = EventLog & StreamVisibility;

/**
 * How far a subscription has gone: what it reads next while catching up, and which live events are new.
 * Catch-up reads and the live feed overlap around the switch to live; `isNew` drops what was already
 * delivered, so every event goes out exactly once and in order.
 */
export interface SubscriptionCursor {
  /** The next events to consider while catching up (`$all`: every event; a stream: its events), at most `limit`. */
  read(limit: number): RecordedEvent[];
  /** Whether a committed event (from a catch-up read or the live feed) belongs here and was not delivered yet. */
  isNew(event: RecordedEvent): boolean;
  advancePast(event: RecordedEvent): void;
  /** Skips everything committed so far (a subscription from `end`). Call after joining the live feed. */
  moveToEnd(): void;
}

export function cursorFor(target: SubscriptionTarget, log: SubscribedLog): SubscriptionCursor {
  return target.kind === 'all' ? new AllCursor(log, target.start) : new StreamCursor(log, target.streamId, target.start);
}

/** Positions are exclusive start points, as in EventStoreDB: subscribing from P delivers events after P. */
class AllCursor implements SubscriptionCursor {
  private nextPosition: bigint;

  constructor(
    private readonly log: EventLog,
    start: StartPoint,
  ) {
    this.nextPosition = start.kind === 'after' ? start.point + 1n : 1n;
  }

  read(limit: number): RecordedEvent[] {
    return this.log.readAllForwards(this.nextPosition, limit);
  }

  isNew(event: RecordedEvent): boolean {
    return event.position >= this.nextPosition;
  }

  advancePast(event: RecordedEvent): void {
    this.nextPosition = event.position + 1n;
  }

  moveToEnd(): void {
    this.nextPosition = this.log.lastPosition() + 1n;
  }
}

/**
 * A stream is read by revision while catching up; from `end` it has no revision to start from without
 * scanning the stream, so it remembers the `$all` position instead and takes only events committed after it.
 * Catching up, it delivers what a read of the stream gives: nothing before its `$tb` or `$maxCount` (a soft delete
 * is a `$tb` past the old events), nothing older than its `$maxAge`, nothing while it is soft-deleted.
 */
class StreamCursor implements SubscriptionCursor {
  private nextRevision: bigint;
  private afterPosition = 0n;

  constructor(
    private readonly log: SubscribedLog,
    private readonly streamId: string,
    start: StartPoint,
  ) {
    this.nextRevision = start.kind === 'after' ? start.point + 1n : 0n;
  }

  read(limit: number): RecordedEvent[] {
    const rules = this.log.streamRules(this.streamId);
    if (rules.softDeleted) return [];
    const { minRevision, minCreated } = visibleFrom(rules, this.log.streamState(this.streamId).last);
    if (this.nextRevision < minRevision) this.nextRevision = minRevision;
    for (;;) {
      const events = this.log.readStreamForwards(this.streamId, this.nextRevision, limit);
      if (minCreated === undefined) return events;
      // Past its `$maxAge`: skipped, as a read skips it.
      const young = events.filter((event) => event.createdTicks >= minCreated);
      if (young.length > 0 || events.length === 0) return young;
      this.advancePast(events[events.length - 1]!);
    }
  }

  isNew(event: RecordedEvent): boolean {
    return event.streamId === this.streamId && event.revision >= this.nextRevision && event.position > this.afterPosition;
  }

  advancePast(event: RecordedEvent): void {
    this.nextRevision = event.revision + 1n;
    this.afterPosition = event.position;
  }

  moveToEnd(): void {
    this.afterPosition = this.log.lastPosition();
  }
}
