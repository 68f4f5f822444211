// Test support (not a test: jest runs *.spec.ts only, and the build skips *.test.ts).
import { randomUUID } from 'node:crypto';
import { NO_RULES, type StreamRules } from '../../metadata/stream-metadata.js';
import type { StreamVisibility } from '../../metadata/visibility.js';
import type { EventLog, RecordedEvent } from '../../storage/event-log.js';

export interface NewEvent {
  readonly type: string;
  readonly data?: Buffer | string | object;
}

/**
 * An `EventLog` in memory with the storage's contract (positions from 1, strictly increasing, listeners
 * called after each commit), so subscriptions can be tested before and apart from the SQLite store.
 */
export class InMemoryEventLog implements EventLog, StreamVisibility {
  private readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, bigint>();
  private readonly listeners = new Set<(lastPosition: bigint) => void>();
  /** Called after every `$all` read (catch-up steps and the live feed alike), e.g. to schedule a racing append. */
  afterReadAll: (() => void) | undefined;

  get listenerCount(): number {
    return this.listeners.size;
  }

  append(streamId: string, newEvents: readonly NewEvent[]): RecordedEvent[] {
    const committed = newEvents.map((newEvent) => {
      const revision = this.revisions.get(streamId) ?? 0n;
      this.revisions.set(streamId, revision + 1n);
      const event: RecordedEvent = {
        position: BigInt(this.events.length + 1),
        streamId,
        revision,
        eventId: randomUUID(),
        eventType: newEvent.type,
        contentType: 'application/json',
        data: toBuffer(newEvent.data ?? {}),
        metadata: Buffer.alloc(0),
        createdTicks: BigInt(Date.now()) * 10_000n,
      };
      this.events.push(event);
      return event;
    });
    const last = this.lastPosition();
    for (const listener of [...this.listeners]) listener(last);
    return committed;
  }

  readAllForwards(from: bigint, limit: number): RecordedEvent[] {
    const start = Number(from < 1n ? 1n : from) - 1;
    const events = this.events.slice(start, start + limit);
    this.afterReadAll?.();
    return events;
  }

  /** Streams here have no metadata: every event stays visible. */
  streamState(streamId: string): { last: bigint; tombstoned: boolean } {
    return { last: (this.revisions.get(streamId) ?? 0n) - 1n, tombstoned: false };
  }

  streamRules(_streamId: string): StreamRules {
    return NO_RULES;
  }

  readStreamForwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (const event of this.events) {
      if (found.length >= limit) break;
      if (event.streamId === streamId && event.revision >= fromRevision) found.push(event);
    }
    return found;
  }

  lastPosition(): bigint {
    return BigInt(this.events.length);
  }

  onCommitted(listener: (lastPosition: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function toBuffer(data: Buffer | string | object): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(typeof data === 'string' ? data : JSON.stringify(data), 'utf8');
}
