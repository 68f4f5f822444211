import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommittingFollower, stderrLogger, type BatchStore, type EventStore, type EventStoreLogger, type RecordedEvent } from '@ledger/event-store';
import { applyRecordedEvent } from '../folds/apply-ledger-event.js';
import { openReadModelDatabase, openReadModelReader, readCheckpoint, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import { SqliteReadModelReader } from '../sqlite/sqlite-read-model-reader.js';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer.js';
import type { QueryStore } from '../store/read-model-store.js';
import { ledgerEventFilter } from './ledger-event-filter.js';
import type { ProjectionStatus } from './projection-status.js';

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
 * Keeps the read models of one service instance: a `CommittingFollower` of `$all` (server-side filter on the
 * ledger's event types) from the committed checkpoint, every event folded by `applyRecordedEvent`, and the
 * documents committed with their checkpoint in one SQLite transaction. Each instance runs its own on its own
 * file; nothing is shared but the event store.
 */
export class ProjectionRunner implements BatchStore {
  readonly name: string;
  private readonly writerDb: ReadModelDatabase;
  private readonly writer: SqliteReadModelWriter;
  private readonly readerStore: SqliteReadModelReader;
  private readonly follower: CommittingFollower;
  private committed: { position: bigint; events: number; createdAt: Date | undefined } | undefined;
  private stopped = false;

  private constructor(options: ProjectionRunnerOptions) {
    this.name = options.name ?? 'projections';
    mkdirSync(dirname(options.databasePath), { recursive: true });
    this.writerDb = openReadModelDatabase(options.databasePath);
    this.writer = new SqliteReadModelWriter(this.writerDb);
    this.readerStore = new SqliteReadModelReader(openReadModelReader(options.databasePath));
    const checkpoint = readCheckpoint(this.writerDb);
    this.committed = checkpoint === undefined ? undefined : { ...checkpoint, createdAt: undefined };
    this.follower = new CommittingFollower({
      eventStore: options.eventStore,
      name: this.name,
      store: this,
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
    return this.committed?.position;
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
    const uncommittedEvents = this.follower.uncommittedEvents;
    const live = subscription?.state === 'live' && uncommittedEvents === 0;
    const lastCreated = this.committed?.createdAt;
    const failure = this.follower.commitFailure ?? subscription?.failure?.message;
    return {
      caughtUp: this.follower.caughtUp,
      subscription: subscription?.state ?? 'not-started',
      committedPosition: this.committed?.position,
      committedEvents: this.committed?.events ?? 0,
      uncommittedEvents,
      lagMs: live || lastCreated === undefined ? 0 : Math.max(0, Date.now() - lastCreated.getTime()),
      ...(failure === undefined ? {} : { failure }),
    };
  }

  /** Stops following, commits what was folded, answers every waiter and closes the database. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.follower.stop();
    this.readerStore.close();
    this.writerDb.close();
  }

  /** `BatchStore`: folds one event into the open transaction's documents (nothing of it kept if it throws). */
  add(event: RecordedEvent): void {
    this.writer.beginEvent();
    try {
      applyRecordedEvent(this.writer, event);
    } catch (error) {
      this.writer.abandonEvent();
      throw error;
    }
    this.writer.endEvent();
  }

  /** `BatchStore`: the documents and the checkpoint, in one SQLite transaction. */
  commit(events: readonly RecordedEvent[]): void {
    const last = events.at(-1)!;
    const count = (this.committed?.events ?? 0) + events.length;
    this.readerStore.forget(this.writer.commit(last.position, count));
    this.committed = { position: last.position, events: count, createdAt: last.createdAt };
  }

  /** `BatchStore`: forgets the documents folded since the last commit. */
  discard(): void {
    this.writer.discard();
  }
}
