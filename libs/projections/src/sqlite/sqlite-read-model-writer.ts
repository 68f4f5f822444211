import type { FoldStore, Placement } from '../store/read-model-store.js';
import { documentSlot as slot } from './document-cache.js';
import { documentStatements, inDocumentKeyOrder, type ReadModelDatabase } from './read-model-database.js';

interface PendingWrite {
  readonly collection: string;
  readonly key: string;
  /** `undefined`: deleted. */
  readonly doc: unknown;
  readonly placement?: Placement;
}

/**
 * Committed documents kept parsed between batches; past this many the cache starts afresh. Bounds the
 * memory of a rebuild of a large ledger (a parsed document weighs ~1 KiB).
 */
const CACHE_LIMIT = 50_000;

/**
 * The folds' store on SQLite, written in batches: each event's writes are staged (and dropped whole if
 * its fold throws), a batch of events is committed in one transaction together with the checkpoint, so
 * the database always holds the read models of exactly the events up to its checkpoint.
 */
export class SqliteReadModelWriter implements FoldStore {
  private readonly pending = new Map<string, PendingWrite>();
  private staged: Map<string, PendingWrite> | undefined;
  private readonly cache = new Map<string, unknown>();
  private readonly statements;
  private readonly commitBatch;

  constructor(private readonly db: ReadModelDatabase) {
    this.statements = {
      ...documentStatements(db),
      progress: db.prepare<[string, number, string]>(
        `INSERT INTO progress (id, position, events, updated_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, events = excluded.events, updated_at = excluded.updated_at`,
      ),
    };
    this.commitBatch = db.transaction((writes: readonly PendingWrite[], position: bigint, events: number) => {
      for (const write of writes) {
        if (write.placement === undefined) this.statements.remove.run(write.collection, write.key);
        else this.statements.upsert.run(write.collection, write.key, write.placement.partition, write.placement.sort, JSON.stringify(write.doc));
      }
      this.statements.progress.run(position.toString(), events, new Date().toISOString());
    });
  }

  /** Number of events' writes waiting for the next commit. */
  get hasPendingWrites(): boolean {
    return this.pending.size > 0;
  }

  beginEvent(): void {
    this.staged = new Map();
  }

  /** The event's fold finished: its writes join the batch. */
  endEvent(): void {
    for (const [name, write] of this.staged ?? []) this.pending.set(name, write);
    this.staged = undefined;
  }

  /** The event's fold threw: none of its writes happened. */
  abandonEvent(): void {
    this.staged = undefined;
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const name = slot(collection, key);
    const write = this.staged?.get(name) ?? this.pending.get(name);
    if (write !== undefined) return write.doc as Doc | undefined;
    if (this.cache.has(name)) return this.cache.get(name) as Doc | undefined;
    const row = this.statements.get.get(collection, key);
    const doc = row === undefined ? undefined : (JSON.parse(row.body) as unknown);
    this.remember(name, doc);
    return doc as Doc | undefined;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    this.stage({ collection, key, doc, placement });
  }

  delete(collection: string, key: string): void {
    this.stage({ collection, key, doc: undefined });
  }

  keysIn(collection: string, partition: string): readonly string[] {
    const keys = new Set(this.statements.keys.all(collection, partition).map((row) => row.key));
    const overlays = [this.pending, this.staged ?? new Map<string, PendingWrite>()];
    for (const overlay of overlays) {
      for (const write of overlay.values()) {
        if (write.collection !== collection) continue;
        if (write.placement?.partition === partition) keys.add(write.key);
        else keys.delete(write.key);
      }
    }
    return [...keys].sort();
  }

  /**
   * Writes the batch and the checkpoint in one transaction and returns the slots it changed (readers
   * forget them). Throws (and keeps the batch) if SQLite refuses.
   */
  commit(position: bigint, events: number): string[] {
    const writes = [...this.pending.values()].sort(inDocumentKeyOrder);
    this.commitBatch(writes, position, events);
    const changed = [...this.pending.keys()];
    for (const write of writes) this.remember(slot(write.collection, write.key), write.doc);
    this.pending.clear();
    return changed;
  }

  /** Forgets everything not committed (after a failed commit the subscription restarts from the checkpoint). */
  discard(): void {
    this.pending.clear();
    this.staged = undefined;
    this.cache.clear();
  }

  private stage(write: PendingWrite): void {
    if (this.staged === undefined) throw new Error('a fold wrote outside beginEvent()/endEvent()');
    this.staged.set(slot(write.collection, write.key), write);
  }

  private remember(name: string, doc: unknown): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(name, doc);
  }
}
