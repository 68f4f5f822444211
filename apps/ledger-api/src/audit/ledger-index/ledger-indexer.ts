import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommittingFollower, EventStore, type BatchStore, type RecordedEvent } from '@ledger/event-store';
import { eventStoreLoggerOf } from '../../store/event-store-logger.js';
import { LedgerIndex } from './ledger-index.js';

/** Events recorded before a commit is forced (a live burst is committed at the next turn of the loop anyway). */
const MAX_BATCH_EVENTS = 2_000;

/**
 * Keeps the `LedgerIndex` up with `$all`: a `CommittingFollower` from the index's own position, so a restart
 * resumes where it stopped and every event is recorded once, in order, each batch in one transaction (a commit
 * per event cost more than the rest of the indexing). `reached` answers once the commit includes the position.
 */
@Injectable()
export class LedgerIndexer implements BatchStore, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private static readonly logger = new Logger('LedgerIndexer');
  private readonly follower: CommittingFollower;

  constructor(
    eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {
    this.follower = new CommittingFollower({
      eventStore,
      name: 'audit-index',
      store: this,
      maxBatchEvents: MAX_BATCH_EVENTS,
      logger: eventStoreLoggerOf(LedgerIndexer.logger),
    });
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  /** Resolves true once every event up to `position` is indexed, false after `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.follower.waitForPosition(position, timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  onApplicationShutdown(): void {
    this.index.close();
  }

  /** `BatchStore`: the index's committed position. */
  get committedPosition(): bigint | undefined {
    return this.index.position;
  }

  /** `BatchStore`: nothing to fold ahead; the batch is recorded whole at its commit. */
  add(): void {}

  /** `BatchStore`: records the batch in one transaction (the tree and position move only once it has committed). */
  commit(events: readonly RecordedEvent[]): void {
    this.index.recordAll(events);
  }

  /** `BatchStore`: a failed `recordAll` kept nothing: nothing to drop. */
  discard(): void {}
}
