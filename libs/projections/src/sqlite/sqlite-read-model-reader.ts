import type { PageRequest, QueryStore, StoredPage } from '../store/read-model-store.js';
import { DocumentCache, documentSlot } from './document-cache.js';
import { openReadModelReader, type ReadModelDatabase } from './read-model-database.js';

interface Row {
  readonly key: string;
  readonly sort: string;
  readonly body: string;
}

/**
 * Queries over the last committed read models (a read-only connection; WAL lets it read while the runner
 * writes). Single documents, what "Validate device submission data" reads on every call, are cached parsed
 * until the runner commits a new version of them (`forget`).
 */
export class SqliteReadModelReader implements QueryStore {
  private readonly cache = new DocumentCache();
  private readonly getStatement;
  private readonly firstPage;
  private readonly nextPage;

  constructor(private readonly db: ReadModelDatabase) {
    this.getStatement = db.prepare<[string, string], { body: string }>('SELECT body FROM documents WHERE collection = ? AND key = ?');
    this.firstPage = db.prepare<[string, string, number], Row>(
      'SELECT key, sort, body FROM documents WHERE collection = ? AND partition = ? ORDER BY sort, key LIMIT ?',
    );
    this.nextPage = db.prepare<[string, string, string, string, string, number], Row>(
      `SELECT key, sort, body FROM documents
       WHERE collection = ? AND partition = ? AND (sort > ? OR (sort = ? AND key > ?))
       ORDER BY sort, key LIMIT ?`,
    );
  }

  /** A reader on its own read-only connection to the database at `path` (which must exist). */
  static open(path: string): SqliteReadModelReader {
    return new SqliteReadModelReader(openReadModelReader(path));
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const slot = documentSlot(collection, key);
    const cached = this.cache.lookup(slot);
    if (cached !== undefined) return cached === null ? undefined : (cached as Doc);
    const row = this.getStatement.get(collection, key);
    return this.cache.keep(slot, row === undefined ? null : (JSON.parse(row.body) as Doc)) ?? undefined;
  }

  /** The runner committed new versions of these documents (slots from `documentSlot`). */
  forget(slots: Iterable<string>): void {
    this.cache.forget(slots);
  }

  page<Doc>(collection: string, partition: string, request: PageRequest): StoredPage<Doc> {
    // One more than asked, to know whether another page follows.
    const rows =
      request.after === undefined
        ? this.firstPage.all(collection, partition, request.limit + 1)
        : this.nextPage.all(collection, partition, request.after.sort, request.after.sort, request.after.key, request.limit + 1);
    const taken = rows.slice(0, request.limit);
    const last = taken.at(-1);
    return {
      docs: taken.map((row) => JSON.parse(row.body) as Doc),
      ...(rows.length > taken.length && last !== undefined ? { next: { sort: last.sort, key: last.key } } : {}),
    };
  }

  close(): void {
    this.db.close();
  }
}
