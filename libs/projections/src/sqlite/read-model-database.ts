import { open } from 'node:fs/promises';
import Database from 'better-sqlite3';

/**
 * Bump when a fold changes what it stores, or the tables change: a database written by another version is
 * emptied on open (its documents table made anew) and rebuilt from position 0 by the runner, never read with
 * the wrong shape.
 */
// 2: unfinished CSP acceptances; 3: documents in a rowid table, a unique (collection, key) index; 4: an ineligible OEM's
// rows keep a pending revocation, and its request for a link leaves the pending queue; 5: an indirect provider holds
// the DAP of any of its resellers' relationships with the customer (delegatedAdminViaResellerIds).
export const READ_MODEL_VERSION = 5;

export type ReadModelDatabase = Database.Database;

/**
 * A rowid table rather than one keyed by (collection, key): a rebuild appends each document once and builds
 * the key index afterwards (see `openRebuildDatabase`); the live writer's upserts use the unique index.
 */
const DOCUMENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    partition  TEXT NOT NULL,
    sort       TEXT NOT NULL,
    body       TEXT NOT NULL
  );
`;

const TABLES = `
  CREATE TABLE IF NOT EXISTS progress (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    position    TEXT NOT NULL,
    events      INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** One row per document. */
const KEY_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS documents_by_key ON documents (collection, key);';

/** The order every list pages through. */
const PAGING_INDEX = 'CREATE INDEX IF NOT EXISTS documents_in_order ON documents (collection, partition, sort, key);';

const stampVersion = (db: ReadModelDatabase): void => {
  db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('version', ?)").run(String(READ_MODEL_VERSION));
};

/** The statements a fold store runs on the `documents` table (the live writer's and the rebuild's alike). */
export const documentStatements = (db: ReadModelDatabase) => ({
  get: db.prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND key = ?'),
  keys: db.prepare<[string, string], { key: string }>('SELECT key FROM documents WHERE collection = ? AND partition = ?'),
  upsert: db.prepare<[string, string, string, string, string]>(
    `INSERT INTO documents (collection, key, partition, sort, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (collection, key) DO UPDATE SET partition = excluded.partition, sort = excluded.sort, body = excluded.body`,
  ),
  remove: db.prepare<[string, string]>('DELETE FROM documents WHERE collection = ? AND key = ?'),
});

/** `(collection, key)` order, the documents table's primary key: a batch written in it writes the B-tree's pages in sequence. */
export const inDocumentKeyOrder = (a: { readonly collection: string; readonly key: string }, b: { readonly collection: string; readonly key: string }): number =>
  a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * Opens (creating if needed) the read-model database. WAL, so queries on their own connection read the
 * last committed state while the runner writes. `synchronous=NORMAL`: a power cut may lose the last
 * commits, but each commit holds the documents and the checkpoint together, so what is lost is simply
 * replayed from the store, never counted twice or skipped.
 */
export const openReadModelDatabase = (path: string): ReadModelDatabase => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of pages rather than SQLite's 2 MiB: catching up a large ledger writes all over both B-trees.
  db.pragma('cache_size = -32768');
  db.exec(TABLES);
  const version = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'version'").get()?.value;
  db.transaction(() => {
    if (version !== String(READ_MODEL_VERSION)) {
      db.exec('DROP TABLE IF EXISTS documents; DELETE FROM progress;');
      stampVersion(db);
    }
    db.exec(DOCUMENTS_TABLE);
    db.exec(KEY_INDEX);
    db.exec(PAGING_INDEX);
  })();
  return db;
};

/**
 * A new database for a rebuild, set up for bulk loading: no journal and no fsync (a rebuild that fails
 * deletes the file; the finished one is put in place only after `finishRebuildDatabase`), and a documents
 * table with no index at all: each document is appended (the rebuild finds its rows itself), and both indexes
 * are built once at the end rather than maintained on every write. Appending needs few pages cached: 8 MiB
 * (the rebuild's peak memory is while it loads); the index sorts get 64 MiB (then spill to a temporary file).
 */
export const openRebuildDatabase = (path: string): ReadModelDatabase => {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -8192');
  db.exec(TABLES);
  db.exec(DOCUMENTS_TABLE);
  stampVersion(db);
  return db;
};

/**
 * Builds the key index (it fails if a document has two rows) and the paging index, switches the file to WAL
 * (as the runner opens it), closes it and flushes it to disk. The table's pages are flushed while the indexes
 * are built (an fsync on libuv's pool, begun before them), so that the last fsync has only the indexes to write.
 */
export const finishRebuildDatabase = async (db: ReadModelDatabase): Promise<void> => {
  const file = await open(db.name, 'r+');
  try {
    const tableOnDisk = file.sync();
    try {
      db.pragma('cache_size = -65536');
      db.exec(KEY_INDEX);
      db.exec(PAGING_INDEX);
      db.pragma('journal_mode = WAL');
      db.close();
    } finally {
      await tableOnDisk;
    }
    await file.sync();
  } finally {
    await file.close();
  }
};

/** A read-only connection for queries (the runner's connection is the only writer). */
export const openReadModelReader = (path: string): ReadModelDatabase => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
};

export interface Checkpoint {
  /** `$all` position of the last event folded into the committed documents. */
  readonly position: bigint;
  /** How many ledger events the documents hold. */
  readonly events: number;
}

export const readCheckpoint = (db: ReadModelDatabase): Checkpoint | undefined => {
  const row = db.prepare<[], { position: string; events: number }>('SELECT position, events FROM progress WHERE id = 1').get();
  return row === undefined ? undefined : { position: BigInt(row.position), events: row.events };
};

/** Records the checkpoint (inside the caller's transaction, with the documents it covers). */
export const writeCheckpoint = (db: ReadModelDatabase, checkpoint: Checkpoint): void => {
  db.prepare<[string, number, string]>(
    `INSERT INTO progress (id, position, events, updated_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, events = excluded.events, updated_at = excluded.updated_at`,
  ).run(checkpoint.position.toString(), checkpoint.events, new Date().toISOString());
};
