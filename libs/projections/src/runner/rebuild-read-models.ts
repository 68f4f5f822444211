import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { applyLedgerEvent } from '../folds/apply-ledger-event.js';
import { ledgerChunks, type LedgerChunk } from '../rebuild/ledger-chunks.js';
import { RebuildStore } from '../rebuild/rebuild-store.js';
import { canReadInWorker, chunksFromWorker } from '../rebuild/worker-reader.js';
import { finishRebuildDatabase, openReadModelReader, openRebuildDatabase, readCheckpoint, writeCheckpoint } from '../sqlite/read-model-database.js';
import { readAhead } from './read-ahead.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint | undefined;
  readonly elapsedMs: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  /**
   * The store's connection string: `$all` is then read and decoded on a thread of its own, through a client
   * of its own, while this thread folds and writes (when the reader thread's script is built; otherwise, and
   * without it, through `eventStore` on this thread).
   */
  readonly connectionString?: string;
  readonly databasePath: string;
  /** Called after each batch of `batchEvents` events (default 10,000) is folded. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly batchEvents?: number;
  /** Parsed documents kept between events (default 8,000); the rest are read back from the new file. */
  readonly cacheDocuments?: number;
}

export interface RebuildOutcome extends RebuildProgress {
  /** The position the previous database had reached (an estimate of the ledger's end, for an ETA). */
  readonly previousPosition: bigint | undefined;
}

const removeDatabase = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

/**
 * The checkpoint of the existing database, if there is one: how far the last run got. Read as it is (a file
 * of an older version is not emptied: it stays in place until the rebuild is complete).
 */
export const existingCheckpoint = (databasePath: string): bigint | undefined => {
  if (!existsSync(databasePath)) return undefined;
  const db = openReadModelReader(databasePath);
  try {
    return readCheckpoint(db)?.position;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
};

/** The ledger's events in `$all` order, read ahead of the fold: on a reader thread, or on this one. */
async function* chunksOf(options: RebuildOptions): AsyncGenerator<LedgerChunk> {
  if (options.connectionString !== undefined && canReadInWorker()) {
    yield* chunksFromWorker(options.connectionString);
    return;
  }
  for await (const chunks of readAhead(ledgerChunks(options.eventStore, 2_000), 4)) yield* chunks;
}

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
  const store = new RebuildStore(db, options.cacheDocuments);
  const batchEvents = options.batchEvents ?? 10_000;
  const started = performance.now();
  let events = 0;
  let inBatch = 0;
  let position: bigint | undefined;
  const progress = (): void => {
    if (position === undefined || inBatch === 0) return;
    inBatch = 0;
    options.onProgress?.({ events, position, elapsedMs: performance.now() - started });
  };
  try {
    // One transaction for the whole rebuild: nobody reads this file before it is finished.
    db.exec('BEGIN');
    for await (const chunk of chunksOf(options)) {
      const count = chunk.events.length;
      for (let i = 0; i < count; i += 1) {
        position = chunk.positions[i]!;
        applyLedgerEvent(store, chunk.events[i]!, position);
        events += 1;
        inBatch += 1;
        if (inBatch >= batchEvents) progress();
      }
    }
    store.finish();
    progress();
    if (position !== undefined) writeCheckpoint(db, { position, events });
    db.exec('COMMIT');
    await finishRebuildDatabase(db);
  } catch (error) {
    if (db.open) db.close();
    removeDatabase(building);
    throw error;
  }
  removeDatabase(options.databasePath);
  renameSync(building, options.databasePath);
  return { events, position, elapsedMs: performance.now() - started, previousPosition };
};
