import { documentSlot } from '../sqlite/document-cache.js';
import { documentStatements, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import type { FoldStore, Placement } from '../store/read-model-store.js';
import { SlotFilter } from './slot-filter.js';

interface Entry {
  /** `documentSlot(collection, key)`: its place in the cache, and its order in a flush. */
  readonly slot: string;
  readonly collection: string;
  readonly key: string;
  /** `undefined`: no such document (deleted, or known absent). */
  doc: unknown;
  placement: Placement | undefined;
  /** Changed since it was last written to SQLite. */
  dirty: boolean;
  /** SQLite may hold a row for it (false: certainly not, so deleting it needs no statement). */
  stored: boolean;
}

/**
 * `(collection, key)` order, the primary key's: a flush writes the B-tree's pages in sequence. The slots
 * compare alike (the separator sorts first) in one comparison; a flush holds each slot once.
 */
const inKeyOrder = (a: Entry, b: Entry): number => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0);

/** Documents kept parsed (with its slot and entry, a cached document weighs about 3 KiB); at most this many. */
const DEFAULT_CACHE_DOCUMENTS = 20_000;

/**
 * The folds' store during a rebuild, on a fresh database that only the rebuild writes and that nobody reads
 * before it is finished, so it needs no per-event staging and no per-batch transaction:
 * - documents stay parsed in a cache of two generations (a document used in the old one moves to the young
 *   one; when the young one is full, the old one goes and the young one becomes old: no per-entry
 *   bookkeeping), so an entity's many events are folded in memory; SQLite is read only for a document the
 *   cache has let go;
 * - a lookup of a document never written is answered by a Bloom filter, not by SQLite;
 * - `flush()` writes the changed documents in key order; the caller commits once at the end.
 * Same contract as the live `SqliteReadModelWriter`: a document read back is the object that was put.
 */
export class RebuildStore implements FoldStore {
  /** Documents put or used since the last change of generation. */
  private young = new Map<string, Entry>();
  /** The generation before: its documents go when `young` is full, unless used meanwhile. */
  private old = new Map<string, Entry>();
  private dirty: Entry[] = [];
  private readonly written = new SlotFilter();
  private readonly statements;
  private readonly generationSize: number;

  constructor(db: ReadModelDatabase, cacheDocuments = DEFAULT_CACHE_DOCUMENTS) {
    this.statements = documentStatements(db);
    this.generationSize = Math.max(1, Math.floor(cacheDocuments / 2));
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const slot = documentSlot(collection, key);
    const entry = this.cached(slot);
    if (entry !== undefined) return entry.doc as Doc | undefined;
    if (!this.written.mayHave(slot)) return undefined;
    const row = this.statements.get.get(collection, key);
    const doc = row === undefined ? undefined : (JSON.parse(row.body) as unknown);
    this.remember({ slot, collection, key, doc, placement: undefined, dirty: false, stored: row !== undefined });
    return doc as Doc | undefined;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    this.change(collection, key, doc, placement);
  }

  delete(collection: string, key: string): void {
    const slot = documentSlot(collection, key);
    // Never written: nothing to delete.
    if (this.cached(slot) === undefined && !this.written.mayHave(slot)) return;
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
    const changed = this.dirty;
    this.dirty = [];
    changed.sort(inKeyOrder);
    const { upsert, remove } = this.statements;
    for (const entry of changed) {
      if (entry.placement !== undefined) {
        upsert.run(entry.collection, entry.key, entry.placement.partition, entry.placement.sort, JSON.stringify(entry.doc));
        entry.stored = true;
      } else if (entry.stored) {
        remove.run(entry.collection, entry.key);
        entry.stored = false;
      }
      entry.dirty = false;
    }
  }

  /** The cached entry of a slot (one found in the old generation moves to the young one). */
  private cached(slot: string): Entry | undefined {
    const entry = this.young.get(slot);
    if (entry !== undefined) return entry;
    const old = this.old.get(slot);
    if (old === undefined) return undefined;
    this.old.delete(slot);
    this.remember(old);
    return old;
  }

  private change(collection: string, key: string, doc: unknown, placement: Placement | undefined): void {
    const slot = documentSlot(collection, key);
    const entry = this.cached(slot);
    if (entry === undefined) {
      // Dirty before it joins the cache: were it let go at once (a tiny cache), the flush before writes it.
      // Written before (the filter may say so wrongly), it may have a row.
      const added: Entry = { slot, collection, key, doc, placement, dirty: true, stored: this.written.mayHave(slot) };
      if (placement !== undefined) this.written.add(slot);
      this.dirty.push(added);
      this.remember(added);
      return;
    }
    if (placement !== undefined) this.written.add(slot);
    entry.doc = doc;
    entry.placement = placement;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }

  private remember(entry: Entry): void {
    this.young.set(entry.slot, entry);
    if (this.young.size >= this.generationSize) this.nextGeneration();
  }

  /** The old generation goes (its changed documents written first, with every other changed one); the young one becomes old. */
  private nextGeneration(): void {
    for (const entry of this.old.values()) {
      if (entry.dirty) {
        this.flush();
        break;
      }
    }
    this.old = this.young;
    this.young = new Map();
  }
}
