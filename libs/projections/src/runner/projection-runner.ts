import { CommittingFollower, stderrLogger, type EventStore, type EventStoreLogger } from '@ledger/event-store';
import { SqliteReadModelReader } from '../sqlite/sqlite-read-model-reader.js';
import type { QueryStore } from '../store/read-model-store.js';
import { ledgerEventFilter } from './ledger-event-filter.js';
import { projectionStatus, type ProjectionStatus } from './projection-status.js';
import { ReadModelProjection } from './read-model-projection.js';

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  /** The SQLite file of the read models, e.g. `<LEDGER_DATA_DIR>/read-models.sqlite`. */
  readonly databasePath: string;
  /** Names the subscription in logs and readiness. */
  readonly name?: string;
  /** Events folded before a commit is forced while catching up (live, each burst is committed at once). */
  readonly maxBatchEvents?: number;
  readonly logger?: EventStoreLogger;
}

/**
 * Keeps the read models in this process: a `CommittingFollower` of `$all` (server-side filter on the ledger's event
 * types) from the committed checkpoint into a `ReadModelProjection`, and a reader on its own connection whose cached
 * documents are forgotten as each commit changes them. (The service runs the projection on a thread of its own,
 * beside the audit index: see `apps/ledger-api/src/ledger-followers/`.)
 */
export class ProjectionRunner {
  readonly name: string;
  private readonly projection: ReadModelProjection;
  private readonly readerStore: SqliteReadModelReader;
  private readonly follower: CommittingFollower;
  private stopped = false;

  private constructor(options: ProjectionRunnerOptions) {
    this.name = options.name ?? 'projections';
    this.projection = new ReadModelProjection(options.databasePath, (commit) => this.readerStore.forget(commit.changedSlots));
    this.readerStore = SqliteReadModelReader.open(options.databasePath);
    this.follower = new CommittingFollower({
      eventStore: options.eventStore,
      name: this.name,
      store: this.projection,
      filter: ledgerEventFilter(),
      logger: options.logger ?? stderrLogger,
      ...(options.maxBatchEvents === undefined ? {} : { maxBatchEvents: options.maxBatchEvents }),
    });
  }

  /** Opens (or creates) the read-model database; call `start()` to begin following the ledger. */
  static open(options: ProjectionRunnerOptions): ProjectionRunner {
    return new ProjectionRunner(options);
  }

  /** Queries read the last committed read models through this. */
  get reader(): QueryStore {
    return this.readerStore;
  }

  get committedPosition(): bigint | undefined {
    return this.projection.committedPosition;
  }

  /** Subscribes after the committed checkpoint (from the first event on a new database). */
  start(): void {
    this.follower.start();
  }

  /** Resolves true once every event in the store at start is committed, false after `timeoutMs`. */
  whenCaughtUp(timeoutMs: number): Promise<boolean> {
    return this.follower.whenCaughtUp(timeoutMs);
  }

  /** Resolves true once the committed read models include the event at `position`; false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.follower.waitForPosition(position, timeoutMs);
  }

  status(): ProjectionStatus {
    const subscription = this.follower.subscriptionStatus();
    return projectionStatus({
      caughtUp: this.follower.caughtUp,
      subscription: subscription?.state ?? 'not-started',
      committedPosition: this.projection.committedPosition,
      committedEvents: this.projection.committedEvents,
      committedCreatedAt: this.projection.committedCreatedAt,
      uncommittedEvents: this.follower.uncommittedEvents,
      failure: this.follower.commitFailure ?? subscription?.failure?.message,
    });
  }

  /** Stops following, commits what was folded, answers every waiter and closes the database. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.follower.stop();
    this.readerStore.close();
    this.projection.close();
  }
}
