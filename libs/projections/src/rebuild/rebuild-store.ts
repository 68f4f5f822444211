import { documentSlot } from '../sqlite/document-cache.js';
import { documentStatements, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import type { FoldStore, Placement } from '../store/read-model-store.js';
import { SlotFilter } from './slot-filter.js';

interface Entry {
  readonly collection: string;
  readonly key: string;
  /** `undefined`: no such document (deleted, or known absent). */
  doc: unknown;
  placement: Placement | undefined;
  /** Changed since it was last written to SQLite. */
  dirty: boolean;
  /** Read or written since the eviction sweep last passed it (a second chance before it goes). */
  used: boolean;
}

/** `(collection, key)` order, the primary key's: a flush writes the B-tree's pages in sequence. */
const inKeyOrder = (a: Entry, b: Entry): number =>
  a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Documents kept parsed (with its slot and entry, a cached document weighs about 3 KiB); past this many, the least used go. */
const DEFAULT_CACHE_DOCUMENTS = 20_000;

/**
 * The folds' store during a rebuild, on a fresh database that only the rebuild writes and that nobody reads
 * before it is finished, so it needs no per-event staging and no per-batch transaction:
 * - documents stay parsed in a cache (least recently used go first, with a second chance), so an entity's
 *   many events are folded in memory; SQLite is read only for a document the cache has let go;
 * - a lookup of a document never written is answered by a Bloom filter, not by SQLite;
 * - `flush()` writes the changed documents in key order; the caller commits once at the end.
 * Same contract as the live `SqliteReadModelWriter`: a document read back is the object that was put.
 */
export class RebuildStore implements FoldStore {
  private readonly entries = new Map<string, Entry>();
  private dirty: Entry[] = [];
  private readonly written = new SlotFilter();
  private readonly statements;

  constructor(
    db: ReadModelDatabase,
    private readonly cacheDocuments = DEFAULT_CACHE_DOCUMENTS,
  ) {
    this.statements = documentStatements(db);
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const slot = documentSlot(collection, key);
    const entry = this.entries.get(slot);
    if (entry !== undefined) {
      entry.used = true;
      return entry.doc as Doc | undefined;
    }
    if (!this.written.mayHave(slot)) return undefined;
    const row = this.statements.get.get(collection, key);
    const doc = row === undefined ? undefined : (JSON.parse(row.body) as unknown);
    this.remember(slot, { collection, key, doc, placement: undefined, dirty: false, used: true });
    return doc as Doc | undefined;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    this.change(collection, key, doc, placement);
  }

  delete(collection: string, key: string): void {
    const slot = documentSlot(collection, key);
    // Never written: nothing to delete.
    if (!this.entries.has(slot) && !this.written.mayHave(slot)) return;
    this.change(collection, key, undefined, undefined);
  }

  keysIn(collection: string, partition: string): readonly string[] {
    // Rare (a partner's enrolment or eligibility change): write everything, then ask SQLite.
    this.flush();
    return this.statements.keys
      .all(collection, partition)
      .map((row) => row.key)
      .sort();
  }

  /** Writes every changed document, in key order (inside the caller's transaction). */
  flush(): void {
    const changed = this.dirty.filter((entry) => entry.dirty).sort(inKeyOrder);
    this.dirty = [];
    const { upsert, remove } = this.statements;
    for (const entry of changed) {
      if (entry.placement === undefined) remove.run(entry.collection, entry.key);
      else upsert.run(entry.collection, entry.key, entry.placement.partition, entry.placement.sort, JSON.stringify(entry.doc));
      entry.dirty = false;
    }
  }

  private change(collection: string, key: string, doc: unknown, placement: Placement | undefined): void {
    const slot = documentSlot(collection, key);
    if (placement !== undefined) this.written.add(slot);
    const entry = this.entries.get(slot);
    if (entry === undefined) {
      // Dirty before it joins the cache: were it let go at once (a tiny cache), the sweep writes it first.
      const added: Entry = { collection, key, doc, placement, dirty: true, used: true };
      this.dirty.push(added);
      this.remember(slot, added);
      return;
    }
    entry.doc = doc;
    entry.placement = placement;
    entry.used = true;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }

  private remember(slot: string, entry: Entry): void {
    this.entries.set(slot, entry);
    if (this.entries.size > this.cacheDocuments) this.evict();
  }

  /**
   * Lets a tenth of the cache go, oldest first; a document used since the last sweep goes to the back once.
   * Changed documents are written (all of them, in key order) before the first of them goes.
   */
  private evict(): void {
    const target = Math.floor(this.cacheDocuments * 0.9);
    let flushed = false;
    for (const [slot, entry] of this.entries) {
      if (this.entries.size <= target) return;
      this.entries.delete(slot);
      if (entry.used) {
        entry.used = false;
        this.entries.set(slot, entry);
        continue;
      }
      if (entry.dirty && !flushed) {
        this.flush();
        flushed = true;
      }
    }
  }
}
