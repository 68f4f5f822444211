import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BatchStore, RecordedEvent } from '@ledger/event-store';
import { applyRecordedEvent } from '../folds/apply-ledger-event.js';
import { openReadModelDatabase, readCheckpoint, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer.js';

/** What a commit of the read models holds: their new checkpoint, and the documents it changed. */
export interface ReadModelCommit {
  /** `$all` position of the last event in the committed read models. */
  readonly position: bigint;
  /** Ledger events the committed read models hold. */
  readonly events: number;
  /** When the last committed event was recorded (the read models' lag is its age). */
  readonly createdAt: Date | undefined;
  /** The documents the commit wrote, as `documentSlot`s: a reader forgets its cached copies of them. */
  readonly changedSlots: readonly string[];
}

/**
 * The read models as a `BatchStore` for a follower of `$all`: every ledger event folded by `applyRecordedEvent`
 * into the documents, a batch committed with its checkpoint in one SQLite transaction, so the database always
 * holds the read models of exactly the events up to its checkpoint. The one writer of its database.
 */
export class ReadModelProjection implements BatchStore {
  private readonly db: ReadModelDatabase;
  private readonly writer: SqliteReadModelWriter;
  private committed: Omit<ReadModelCommit, 'changedSlots'> | undefined;

  /** Opens (or creates) the database at `databasePath`; `onCommit` hears of every commit. */
  constructor(
    databasePath: string,
    private readonly onCommit: (commit: ReadModelCommit) => void = () => undefined,
  ) {
    mkdirSync(dirname(databasePath), { recursive: true });
    this.db = openReadModelDatabase(databasePath);
    this.writer = new SqliteReadModelWriter(this.db);
    const checkpoint = readCheckpoint(this.db);
    this.committed = checkpoint === undefined ? undefined : { ...checkpoint, createdAt: undefined };
  }

  /** `BatchStore`: the position of the last committed event (undefined: none yet). */
  get committedPosition(): bigint | undefined {
    return this.committed?.position;
  }

  /** Ledger events the committed read models hold. */
  get committedEvents(): number {
    return this.committed?.events ?? 0;
  }

  /** When the last committed event was recorded, if one was committed since the database was opened. */
  get committedCreatedAt(): Date | undefined {
    return this.committed?.createdAt;
  }

  /** `BatchStore`: folds one ledger event into the open batch's documents (nothing of it kept if it throws). */
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
    const count = this.committedEvents + events.length;
    const changedSlots = this.writer.commit(last.position, count);
    this.committed = { position: last.position, events: count, createdAt: last.createdAt };
    this.onCommit({ ...this.committed, changedSlots });
  }

  /** `BatchStore`: forgets the documents folded since the last commit. */
  discard(): void {
    this.writer.discard();
  }

  close(): void {
    this.db.close();
  }
}
