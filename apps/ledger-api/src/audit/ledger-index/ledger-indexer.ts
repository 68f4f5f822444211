import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventStore, PositionWaiters, type AllSubscription, type RecordedEvent } from '@ledger/event-store';
import { LedgerIndex } from './ledger-index.js';

/** Events recorded before a commit is forced (a burst is committed at the next turn of the loop anyway). */
const MAX_BATCH_EVENTS = 2_000;
/** How long after a failed commit the subscription starts again from the index's position. */
const RESTART_DELAY_MS = 1_000;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps the `LedgerIndex` up with `$all` through a durable subscription from the index's own position, so a
 * restart resumes where it stopped and every event is recorded once, in order. Events delivered in one burst
 * are recorded in one transaction (at the next turn of the loop, or every `MAX_BATCH_EVENTS`): a commit per
 * event cost more than the rest of the indexing. `reached` answers once the commit includes the position.
 * If a commit fails, the events it held are dropped and the subscription starts again after the index's
 * committed position, so none is skipped and none recorded twice.
 */
@Injectable()
export class LedgerIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private static readonly logger = new Logger('LedgerIndexer');
  private subscription: AllSubscription | undefined;
  private readonly waiters = new PositionWaiters();
  private pending: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {}

  onApplicationBootstrap(): void {
    this.subscribe();
  }

  /** Resolves true once every event up to `position` is indexed, false after `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    const current = this.index.position;
    if (current !== undefined && current >= position) return Promise.resolve(true);
    return this.waiters.wait(position, timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.restarting;
    this.flush();
    this.waiters.cancelAll();
  }

  onApplicationShutdown(): void {
    this.index.close();
  }

  private subscribe(): void {
    this.subscription = this.eventStore.subscribeToAll({
      name: 'audit-index',
      fromPosition: this.index.position ?? 'start',
      handler: (event) => this.handle(event),
    });
  }

  private handle(event: RecordedEvent): void {
    if (this.restarting !== undefined) return;
    this.pending.push(event);
    if (this.pending.length >= MAX_BATCH_EVENTS) this.flush();
    else this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.pending.length === 0 || this.restarting !== undefined) return;
    const events = this.pending;
    this.pending = [];
    try {
      this.index.recordAll(events);
    } catch (error) {
      LedgerIndexer.logger.error(
        { err: error, fromPosition: events[0]!.position.toString(), events: events.length },
        `Recording events in the audit index failed (${messageOf(error)}); resubscribing after the indexed position`,
      );
      this.restart();
      return;
    }
    this.waiters.reached(events.at(-1)!.position);
  }

  private restart(): void {
    const previous = this.subscription;
    this.restarting = (async () => {
      // Not awaited inside the handler: stop() waits for the handler in progress to return.
      await new Promise((resolve) => setImmediate(resolve));
      await previous?.stop();
      this.pending = [];
      this.subscription = undefined;
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS).unref());
      this.restarting = undefined;
      if (!this.stopped) this.subscribe();
    })();
  }
}
