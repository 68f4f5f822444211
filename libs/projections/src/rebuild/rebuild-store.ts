import { documentStatements, inDocumentKeyOrder, type ReadModelDatabase } from '../sqlite/read-model-database.js';
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
  /** SQLite may hold a row for it (false: certainly not, so deleting it needs no statement). */
  stored: boolean;
}

/**
 * One generation of the cache: per collection, its entries by key (no per-lookup string built from
 * collection and key, which a lookup would then have to flatten and hash).
 */
class Generation {
  private readonly collections = new Map<string, Map<string, Entry>>();
  size = 0;

  get(collection: string, key: string): Entry | undefined {
    return this.collections.get(collection)?.get(key);
  }

  /** Removes and returns the entry, if there is one. */
  take(collection: string, key: string): Entry | undefined {
    const entries = this.collections.get(collection);
    const entry = entries?.get(key);
    if (entry !== undefined) {
      entries!.delete(key);
      this.size -= 1;
    }
    return entry;
  }

  add(entry: Entry): void {
    let entries = this.collections.get(entry.collection);
    if (entries === undefined) {
      entries = new Map();
      this.collections.set(entry.collection, entries);
    }
    entries.set(entry.key, entry);
    this.size += 1;
  }

  hasDirty(): boolean {
    for (const entries of this.collections.values()) {
      for (const entry of entries.values()) if (entry.dirty) return true;
    }
    return false;
  }
}

/**
 * Documents kept parsed; at most this many. 8,000 rather than 20,000: under `--single-threaded-gc` and the
 * reader's larger young generation the rebuild's peak RSS came near 512 MiB (488 in one bench:projections run);
 * 8,000 takes some 30 MiB off it for about 1 µs more CPU per event (more documents read back), the same events/s.
 */
const DEFAULT_CACHE_DOCUMENTS = 8_000;

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
  private young = new Generation();
  /** The generation before: its documents go when `young` is full, unless used meanwhile. */
  private old = new Generation();
  private dirty: Entry[] = [];
  private readonly written = new SlotFilter();
  private readonly statements;
  private readonly generationSize: number;

  constructor(db: ReadModelDatabase, cacheDocuments = DEFAULT_CACHE_DOCUMENTS) {
    this.statements = documentStatements(db);
    this.generationSize = Math.max(1, Math.floor(cacheDocuments / 2));
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const entry = this.cached(collection, key);
    if (entry !== undefined) return entry.doc as Doc | undefined;
    if (!this.written.mayHave(collection, key)) return undefined;
    const row = this.statements.get.get(collection, key);
    const doc = row === undefined ? undefined : (JSON.parse(row.body) as unknown);
    this.remember({ collection, key, doc, placement: undefined, dirty: false, stored: row !== undefined });
    return doc as Doc | undefined;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    this.change(collection, key, doc, placement);
  }

  delete(collection: string, key: string): void {
    // Never written: nothing to delete.
    if (this.cached(collection, key) === undefined && !this.written.mayHave(collection, key)) return;
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
    changed.sort(inDocumentKeyOrder);
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

  /** The cached entry of a document (one found in the old generation moves to the young one). */
  private cached(collection: string, key: string): Entry | undefined {
    const entry = this.young.get(collection, key);
    if (entry !== undefined) return entry;
    const old = this.old.take(collection, key);
    if (old === undefined) return undefined;
    this.remember(old);
    return old;
  }

  private change(collection: string, key: string, doc: unknown, placement: Placement | undefined): void {
    const entry = this.cached(collection, key);
    if (entry === undefined) {
      // Dirty before it joins the cache: were it let go at once (a tiny cache), the flush before writes it.
      // Written before (the filter may say so wrongly), it may have a row.
      const added: Entry = { collection, key, doc, placement, dirty: true, stored: this.written.mayHave(collection, key) };
      if (placement !== undefined) this.written.add(collection, key);
      this.dirty.push(added);
      this.remember(added);
      return;
    }
    if (placement !== undefined) this.written.add(collection, key);
    entry.doc = doc;
    entry.placement = placement;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }

  private remember(entry: Entry): void {
    this.young.add(entry);
    if (this.young.size >= this.generationSize) this.nextGeneration();
  }

  /** The old generation goes (its changed documents written first, with every other changed one); the young one becomes old. */
  private nextGeneration(): void {
    if (this.old.hasDirty()) this.flush();
    this.old = this.young;
    this.young = new Generation();
  }
}
