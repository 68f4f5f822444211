import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { isLedgerEventType } from '@ledger/consent-domain';
import type { EventStore } from '@ledger/event-store';
import { applyRecordedEvent } from '../folds/apply-ledger-event.js';
import { finishRebuildDatabase, openReadModelDatabase, openRebuildDatabase, readCheckpoint } from '../sqlite/read-model-database.js';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer.js';
import { readAhead } from './read-ahead.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint | undefined;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly databasePath: string;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly batchEvents?: number;
}

export interface RebuildOutcome extends RebuildProgress {
  /** The position the previous database had reached (an estimate of the ledger's end, for an ETA). */
  readonly previousPosition: bigint | undefined;
}

/** Events per `$all` read: fewer, longer reads (each read is a round trip the fold waits for). */
const READ_BATCH_EVENTS = 5_000;

const removeDatabase = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

/** The checkpoint of the existing database, if there is one: how far the last run got. */
export const existingCheckpoint = (databasePath: string): bigint | undefined => {
  if (!existsSync(databasePath)) return undefined;
  const db = openReadModelDatabase(databasePath);
  try {
    return readCheckpoint(db)?.position;
  } finally {
    db.close();
  }
};

/**
 * Rebuilds the read models from position 0 into a new file, then puts it in place of the old one: a
 * rebuild that fails half-way leaves the previous read models untouched. Run it with the service stopped
 * (a running service keeps the file it opened until it restarts).
 */
export const rebuildReadModels = async (options: RebuildOptions): Promise<RebuildOutcome> => {
  const previousPosition = existingCheckpoint(options.databasePath);
  const building = `${options.databasePath}.rebuild-${process.pid}`;
  mkdirSync(dirname(options.databasePath), { recursive: true });
  removeDatabase(building);
  const db = openRebuildDatabase(building);
  const writer = new SqliteReadModelWriter(db);
  const batchEvents = options.batchEvents ?? 10_000;
  const started = performance.now();
  let events = 0;
  let inBatch = 0;
  let position: bigint | undefined;
  const commit = (): void => {
    if (position === undefined || inBatch === 0) return;
    writer.commit(position, events);
    inBatch = 0;
    options.onProgress?.({ events, position, elapsedMs: performance.now() - started });
  };
  try {
    for await (const chunk of readAhead(options.eventStore.readAll({ batchSize: READ_BATCH_EVENTS }), 2 * READ_BATCH_EVENTS)) {
      for (const recorded of chunk) {
        if (!isLedgerEventType(recorded.type)) continue;
        writer.beginEvent();
        applyRecordedEvent(writer, recorded);
        writer.endEvent();
        events += 1;
        inBatch += 1;
        position = recorded.position;
        if (inBatch >= batchEvents) commit();
      }
    }
    commit();
    finishRebuildDatabase(db);
  } catch (error) {
    if (db.open) db.close();
    removeDatabase(building);
    throw error;
  }
  removeDatabase(options.databasePath);
  renameSync(building, options.databasePath);
  return { events, position, elapsedMs: performance.now() - started, previousPosition };
};
