import type { RecordedEvent } from './event-log.js';

/** Events kept at most (the newest), and payload bytes at most. */
export const RECENT_COMMITS_MAX_EVENTS = 4096;
export const RECENT_COMMITS_MAX_BYTES = 4 * 1024 * 1024;

/** A stream's events within the window, in revision order (the oldest leave from the front). */
interface StreamWindow {
  events: RecordedEvent[];
  head: number;
}

/**
 * The newest committed events, as the writer reported them, in `$all` order with no gap: the live feed and
 * readers near the end of the log (of `$all` or of a stream) read them from here instead of reading back from
 * SQLite what was just written. Bounded by event count and payload bytes (the oldest go first). A batch that
 * does not continue the last one (a commit the event loop was not told about in full) empties it, and reads
 * go to SQLite again.
 */
export class RecentCommits {
  private events: RecordedEvent[] = [];
  private head = 0;
  private bytes = 0;
  /** Every event of the window, by stream: all of a stream's events from its first one in the window on. */
  private streams = new Map<string, StreamWindow>();

  constructor(
    private readonly maxEvents = RECENT_COMMITS_MAX_EVENTS,
    private readonly maxBytes = RECENT_COMMITS_MAX_BYTES,
  ) {}

  get size(): number {
    return this.events.length - this.head;
  }

  /** Position of the last event held, or undefined when empty. */
  get lastPosition(): bigint | undefined {
    return this.size > 0 ? this.events[this.events.length - 1]!.position : undefined;
  }

  /** Adds the events of one commit (positions contiguous). */
  add(batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    const last = this.lastPosition;
    if (last !== undefined && batch[0]!.position !== last + 1n) this.clear();
    for (const event of batch) {
      this.events.push(event);
      this.bytes += sizeOf(event);
      let stream = this.streams.get(event.streamId);
      if (!stream) {
        stream = { events: [], head: 0 };
        this.streams.set(event.streamId, stream);
      }
      stream.events.push(event);
    }
    while (this.size > this.maxEvents || (this.bytes > this.maxBytes && this.size > 1)) this.dropOldest();
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.events = [];
    this.head = 0;
    this.bytes = 0;
    this.streams = new Map();
  }

  /**
   * Events with `position >= from`, at most `limit`, when `from` is among the events held (the answer is then
   * what the log holds up to the last event held); undefined otherwise (ask the log).
   */
  readAllForwards(from: bigint, limit: number): RecordedEvent[] | undefined {
    if (this.size === 0 || limit <= 0) return undefined;
    const first = this.events[this.head]!.position;
    const last = this.events[this.events.length - 1]!.position;
    if (from < first || from > last) return undefined;
    const start = this.head + Number(from - first);
    return this.events.slice(start, Math.min(this.events.length, start + limit));
  }

  /**
   * A stream's events with `revision >= fromRevision`, at most `limit`, when the window holds all of them: its
   * last revision here is `lastRevision()` (the stream's last as the caller knows it) and its first one here is
   * at or before `fromRevision`. Undefined otherwise (ask the log).
   */
  readStreamForwards(
    streamId: string,
    fromRevision: bigint,
    limit: number,
    lastRevision: () => bigint,
  ): RecordedEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (!stream || limit <= 0) return undefined;
    const { events, head } = stream;
    if (events[head]!.revision > fromRevision || events[events.length - 1]!.revision !== lastRevision()) return undefined;
    // The first at or after fromRevision (revisions grow; a tombstone's is the highest of all).
    let lo = head;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid]!.revision < fromRevision) lo = mid + 1;
      else hi = mid;
    }
    return events.slice(lo, Math.min(events.length, lo + limit));
  }

  private dropOldest(): void {
    const event = this.events[this.head]!;
    this.events[this.head] = undefined as unknown as RecordedEvent;
    this.head++;
    this.bytes -= sizeOf(event);
    const stream = this.streams.get(event.streamId)!;
    stream.events[stream.head] = undefined as unknown as RecordedEvent;
    stream.head++;
    if (stream.head === stream.events.length) this.streams.delete(event.streamId);
    else if (stream.head > 64 && stream.head * 2 > stream.events.length) {
      stream.events = stream.events.slice(stream.head);
      stream.head = 0;
    }
  }
}

const sizeOf = (event: RecordedEvent): number => event.data.length + event.metadata.length + 256;
