import { resolve } from 'node:path';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PositionWaiters } from '@ledger/event-store';
import { READ_MODELS_FILE, SqliteReadModelReader, projectionStatus, type ProjectionStatus, type QueryStore } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config.js';
import { ReadinessRegistry } from '../health/readiness-registry.js';
import { LedgerFollowers } from '../ledger-followers/ledger-followers.js';

/**
 * How long start-up waits for the projections to catch up before listening anyway (readiness then stays
 * 503 until they have): a small ledger is ready the moment the port opens, a large one does not block start.
 */
export const START_UP_CATCH_UP_WAIT_MS = 2_000;

/**
 * This instance's read models (`LEDGER_DATA_DIR/read-models.sqlite`), as the `LedgerFollowers` thread commits them:
 * queries read them through a connection of this thread's (documents cached parsed, forgotten as each commit changes
 * them), and a read waiting for its own write is answered once a commit includes its position. `/health/ready`
 * shows their lag and stays 503 until they have caught up after start.
 */
@Injectable()
export class ReadModels implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private static readonly logger = new Logger('Projections');
  private readonly queries: SqliteReadModelReader;
  private readonly waiters = new PositionWaiters();
  private readonly unregister: () => void;
  private stopped = false;

  constructor(
    config: LedgerConfig,
    readiness: ReadinessRegistry,
    private readonly followers: LedgerFollowers,
  ) {
    // The thread created the database before `LedgerFollowers` was provided; this connection only reads it.
    this.queries = SqliteReadModelReader.open(resolve(config.LEDGER_DATA_DIR, READ_MODELS_FILE));
    followers.onReadModelsCommitted((commit) => {
      // Forgotten before any waiter is answered: a read after its write never gets a superseded cached document.
      this.queries.forget(commit.changedSlots);
      this.waiters.reached(commit.position);
    });
    // Events the read models do not fold (idempotency records, notary checkpoints) move what they reflect too.
    followers.onFollowedThrough((position) => this.waiters.reached(position));
    this.unregister = readiness.register({ name: 'projections', check: () => this.readinessReport() });
  }

  async onApplicationBootstrap(): Promise<void> {
    const caughtUp = await this.followers.whenCaughtUp(START_UP_CATCH_UP_WAIT_MS);
    if (!caughtUp) ReadModels.logger.log(this.readinessReport().details, 'Projections still catching up; ready once they have');
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.unregister();
    this.waiters.cancelAll();
  }

  onApplicationShutdown(): void {
    this.queries.close();
  }

  /** The last committed read models. */
  get reader(): QueryStore {
    return this.queries;
  }

  /** The position of the last event folded into the committed read models: it moves only when their documents may change. */
  get foldedPosition(): bigint | undefined {
    return this.followers.readModelsCheckpoint.position;
  }

  /**
   * The position the committed read models reflect: their last ledger event's, or beyond it the last event of another
   * type that the thread has followed (nothing of it is in the read models, so they are as of it too).
   */
  get committedPosition(): bigint | undefined {
    const folded = this.foldedPosition;
    const followed = this.followers.followedThrough;
    if (followed === undefined) return folded;
    return folded === undefined || followed > folded ? followed : folded;
  }

  /** Resolves true once the committed read models include the event at `position`; false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    const committed = this.committedPosition;
    if (committed !== undefined && committed >= position) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  status(): ProjectionStatus {
    const { progress } = this.followers;
    const checkpoint = this.followers.readModelsCheckpoint;
    return projectionStatus({
      caughtUp: progress.caughtUp,
      subscription: this.followers.subscriptionStatus().state,
      committedPosition: checkpoint.position,
      committedEvents: checkpoint.events,
      committedCreatedAt: checkpoint.createdAt,
      uncommittedEvents: progress.uncommittedEvents,
      failure: this.followers.failure,
    });
  }

  private readinessReport(): { ready: boolean; details: Record<string, unknown> } {
    const status = this.status();
    return {
      ready: status.caughtUp && status.failure === undefined,
      details: {
        caughtUp: status.caughtUp,
        subscription: status.subscription,
        position: status.committedPosition?.toString() ?? null,
        events: status.committedEvents,
        uncommittedEvents: status.uncommittedEvents,
        lagMs: status.lagMs,
        ...(status.failure === undefined ? {} : { message: status.failure }),
      },
    };
  }
}
