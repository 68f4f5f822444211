import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ServerErrorResponse, StatusObject } from '@grpc/grpc-js';
import type { EventFilter } from '../filter/index.js';
import { streamDeleted } from '../grpc/errors.js';
import type { ReadCall } from '../grpc/streams-service.js';
import { DELETED_STREAM_REVISION, STREAM_DELETED_EVENT_TYPE, isMetastream, originalStreamOf } from '../metadata/stream-metadata.js';
import type { RecordedEvent } from '../storage/event-log.js';
import { CheckpointSchedule } from './checkpoint-schedule.js';
import { encodeMessage } from './encode-message.js';
import { LiveFeed, type LiveSubscriber } from './live-feed.js';
import { Outbox } from './outbox.js';
import { cursorFor, type SubscribedLog, type SubscriptionCursor } from './subscription-cursor.js';
import { consumerTooSlow, storageFailure } from './subscription-errors.js';
import type { SubscriptionLimits } from './subscription-limits.js';
import type { SubscriptionRequest } from './subscription-request.js';

type Phase = 'catchingUp' | 'live' | 'ended';

/**
 * One catch-up subscription on one gRPC call: confirmation, then the events after its start point read
 * from the log as fast as the client takes them, then `caughtUp` and the live feed. The switch to live
 * joins the feed before the final catch-up read, and the cursor drops what both deliver, so there is
 * no gap and no duplicate. Filtered `$all` subscriptions get a checkpoint every `checkpointInterval`
 * considered events, matching or not, in both phases.
 */
export class Subscription implements LiveSubscriber {
  readonly id = randomUUID();
  private phase: Phase = 'catchingUp';
  private readonly cursor: SubscriptionCursor;
  private readonly outbox: Outbox;
  private readonly feed: LiveFeed;
  private readonly matches: EventFilter | undefined;
  private readonly checkpoints: CheckpointSchedule | undefined;

  constructor(
    private readonly call: ReadCall,
    private readonly request: SubscriptionRequest,
    private readonly log: SubscribedLog,
    private readonly limits: SubscriptionLimits,
  ) {
    this.cursor = cursorFor(request.target, log);
    this.feed = LiveFeed.of(log);
    const filter = request.target.kind === 'all' ? request.target.filter : undefined;
    this.matches = filter?.matches;
    this.checkpoints = filter ? new CheckpointSchedule(filter.checkpointInterval) : undefined;
    const encoding = { subscriptionId: this.id, resolveLinks: request.resolveLinks, structuredUuids: request.structuredUuids };
    this.outbox = new Outbox(call, (message) => encodeMessage(message, encoding, log), (error) => this.fail(storageFailure(error)));
  }

  start(): void {
    this.call.once('cancelled', this.onCancelled);
    this.outbox.push({ kind: 'confirmation' });
    this.run().catch((error: unknown) => this.fail(storageFailure(error instanceof Error ? error : new Error(String(error)))));
  }

  offerLive(events: readonly RecordedEvent[]): void {
    if (this.phase === 'ended') return;
    this.consider(events, true);
    const backlog = this.outbox.backlog;
    if (backlog.messages > this.limits.maxLiveBacklogMessages || backlog.bytes > this.limits.maxLiveBacklogBytes) {
      this.fail(consumerTooSlow());
    }
  }

  failLive(error: Error): void {
    this.fail(storageFailure(error));
  }

  private async run(): Promise<void> {
    const target = this.request.target;
    if (target.kind === 'stream' && this.isTombstoned(target.streamId)) {
      this.fail(streamDeleted(target.streamId));
      return;
    }
    if (target.start.kind === 'end') {
      this.feed.join(this);
      this.cursor.moveToEnd();
      this.becomeLive();
      return;
    }
    const batchSize = this.limits.catchUpBatchSize;
    while (this.phase === 'catchingUp') {
      const events = this.cursor.read(batchSize);
      this.consider(events);
      if (events.length < batchSize && this.tryGoLive()) return;
      // The next batch is read while this one's last messages still wait to be written: the client never waits on a read.
      await this.outbox.drainedTo(batchSize);
      // Long stretches that the filter skips never wait on the client: let appends and other calls run.
      await yieldToEventLoop();
    }
  }

  /**
   * A tombstone is the stream's last record, at the highest revision: one indexed lookup finds it. A metastream
   * goes with its stream (as reads and writes of it).
   */
  private isTombstoned(streamId: string): boolean {
    const tombstoned = (id: string) => {
      const [last] = this.log.readStreamForwards(id, DELETED_STREAM_REVISION, 1);
      return last !== undefined && isTombstone(last);
    };
    return tombstoned(streamId) || (isMetastream(streamId) && tombstoned(originalStreamOf(streamId)));
  }

  /** Near the end of the log: join the live feed, then read once more; live unless that read found a full batch. */
  private tryGoLive(): boolean {
    this.feed.join(this);
    const finalEvents = this.cursor.read(this.limits.catchUpBatchSize);
    this.consider(finalEvents);
    if (this.phase === 'ended') return true;
    if (finalEvents.length === this.limits.catchUpBatchSize) {
      this.feed.leave(this);
      return false;
    }
    this.becomeLive();
    return true;
  }

  private becomeLive(): void {
    if (this.phase === 'ended') return;
    this.phase = 'live';
    this.outbox.push({ kind: 'caughtUp' });
  }

  private consider(events: readonly RecordedEvent[], live = false): void {
    for (const event of events) {
      if (this.phase === 'ended') return;
      if (!this.cursor.isNew(event)) continue;
      if (this.request.target.kind === 'stream' && isTombstone(event)) {
        // As every read of a tombstoned stream, the subscription ends with the client's StreamDeletedError.
        this.fail(streamDeleted(event.streamId));
        return;
      }
      this.cursor.advancePast(event);
      if (!this.matches || this.matches(event)) this.outbox.push({ kind: 'event', event, live });
      if (this.checkpoints?.considerOne()) this.outbox.push({ kind: 'checkpoint', position: event.position });
    }
  }

  private readonly onCancelled = (): void => this.end();

  /** Ends the call with an error status the client sees, after what was already handed to the transport. */
  private fail(reason: Partial<StatusObject> | ServerErrorResponse): void {
    if (this.phase === 'ended') return;
    this.end();
    this.call.emit('error', reason);
  }

  /** Frees everything the subscription holds: its place in the live feed and its backlog. */
  private end(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.feed.leave(this);
    this.outbox.close();
    this.call.removeListener('cancelled', this.onCancelled);
  }
}

/** The record a tombstone leaves in its stream (EventStoreDB's `$streamDeleted` at revision long.MaxValue). */
function isTombstone(event: RecordedEvent): boolean {
  return event.revision === DELETED_STREAM_REVISION && event.eventType === STREAM_DELETED_EVENT_TYPE;
}
