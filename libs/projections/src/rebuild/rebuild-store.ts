import { inDocumentKeyOrder, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import type { FoldStore, Placement } from '../store/read-model-store.js';
import { DocumentRowids } from './document-rowids.js';
import { SlotFilter } from './slot-filter.js';

interface Entry {
  readonly collection: string;
  readonly key: string;
  doc: unknown;
  /** Where the document is listed (set by every put; unused while the entry is clean). */
  partition: string;
  sort: string;
  /** Its row in `documents`; 0: none yet. */
  rowid: number;
  /** Changed since its row was last written. */
  dirty: boolean;
  /** Used since the clock's hand last passed it. */
  used: boolean;
  /** Its place on the clock; -1 while off it. */
  slot: number;
  /** Off the clock, waiting in `leaving` for the next run of new rows. */
  leaving: boolean;
}

/**
 * Documents kept parsed; at most this many. 8,000 as before: with the documents written only when they leave
 * the cache, a larger cache saves little (at 200,000 customers almost every document is done with before it goes).
 */
const DEFAULT_CACHE_DOCUMENTS = 8_000;

/**
 * New documents that left the cache, written together in (collection, key) order: the table is then made of
 * sorted runs, and the indexes built at the end sort it about twice as fast (1.3 million documents, 2,000-row
 * runs against rows in the order they left: key index 1.6 -> 0.9 s, paging index 2.1 -> 1.3 s).
 */
const RUN_ROWS = 2_048;

/** Rows appended by one INSERT statement: one call into SQLite for many rows (2.2 -> 1.5 µs a row, measured alone). */
const INSERT_ROWS = 32;
const INSERT_COLUMNS = 6;

/** The statements of a rebuild's `documents` table, which has no index until the rebuild is finished. */
const statementsOf = (db: ReadModelDatabase) => ({
  insert: db.prepare<[unknown[]]>(
    `INSERT INTO documents (rowid, collection, key, partition, sort, body) VALUES ${Array(INSERT_ROWS).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
  ),
  insertOne: db.prepare<[number, string, string, string, string, string]>('INSERT INTO documents (rowid, collection, key, partition, sort, body) VALUES (?, ?, ?, ?, ?, ?)'),
  update: db.prepare<[string, string, string, number]>('UPDATE documents SET partition = ?, sort = ?, body = ? WHERE rowid = ?'),
  remove: db.prepare<[number]>('DELETE FROM documents WHERE rowid = ?'),
  row: db.prepare<[number], unknown>('SELECT collection, key, body FROM documents WHERE rowid = ?').raw(),
  keys: db.prepare<[string, string], unknown>('SELECT key FROM documents WHERE collection = ? AND partition = ?').pluck(),
});

/**
 * The folds' store during a rebuild, on a fresh database that only the rebuild writes and that nobody reads
 * before it is finished. SQLite's costly part in a bulk load is inserting into a B-tree in an order other than
 * its own; so the `documents` table gets no index until the end (`finishRebuildDatabase` builds them), each row
 * is appended once, and the rebuild finds its rows itself:
 * - documents stay parsed in a cache of `cacheDocuments` (the clock algorithm: a document used since the hand
 *   last passed it gets another turn), so an entity's many events are folded in memory; a changed document is
 *   written when it leaves the cache, not before: its row updated in place, or, a new one, appended with the
 *   next `RUN_ROWS` new documents to leave, sorted by key (until then it is still found, and taken back, by key);
 * - `DocumentRowids` maps a document to its row (a lookup of a document never written needs no SQLite read);
 * - `keysIn` writes the changed documents and then scans the table (rare: a partner's enrolment or eligibility
 *   change), unless a Bloom filter of the partitions written says there is nothing to find.
 * Same contract as the live `SqliteReadModelWriter`: a document read back is the object that was put.
 * `finish()` writes what is still changed; the caller commits once at the end.
 */
export class RebuildStore implements FoldStore {
  /** Every entry, by collection then key: those on the clock and those waiting in `leaving`. */
  private readonly collections = new Map<string, Map<string, Entry>>();
  private readonly clock: (Entry | undefined)[];
  /** Slots of the clock used so far (it fills before the hand turns). */
  private filled = 0;
  private hand = 0;
  /**
   * New documents that left the clock, to be appended in the next run. An entry taken back or deleted meanwhile
   * is no longer `leaving` (and one taken back and let go again is listed twice, appended once).
   */
  private leaving: Entry[] = [];
  private readonly rowids = new DocumentRowids();
  /** The rowid the next new document gets (rows are appended in rowid order). */
  private nextRowid = 1;
  /** One multi-row INSERT's parameters. */
  private readonly insertRow: unknown[] = new Array(INSERT_ROWS * INSERT_COLUMNS);
  private readonly partitions = new SlotFilter(24);
  private readonly statements;
  /** The document `rowidOf` is looking for, and the body of the row it found. */
  private wantedCollection = '';
  private wantedKey = '';
  private foundBody = '';
  private readonly isWanted = (rowid: number): boolean => {
    const [collection, key, body] = this.statements.row.get(rowid) as [string, string, string];
    this.foundBody = body;
    return collection === this.wantedCollection && key === this.wantedKey;
  };

  constructor(db: ReadModelDatabase, cacheDocuments = DEFAULT_CACHE_DOCUMENTS) {
    this.statements = statementsOf(db);
    this.clock = new Array<Entry | undefined>(Math.max(1, cacheDocuments)).fill(undefined);
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    const entries = this.entriesOf(collection);
    const entry = entries.get(key);
    if (entry !== undefined) {
      this.use(entry);
      return entry.doc as Doc;
    }
    const rowid = this.rowidOf(collection, key);
    if (rowid === 0) return undefined;
    const doc = JSON.parse(this.foundBody) as Doc;
    // Back from SQLite: used again after it left, so it gets a turn more than a new one.
    this.remember(entries, { collection, key, doc, partition: '', sort: '', rowid, dirty: false, used: true, slot: -1, leaving: false });
    return doc;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    const entries = this.entriesOf(collection);
    const entry = entries.get(key);
    if (entry !== undefined) {
      this.use(entry);
      entry.doc = doc;
      entry.partition = placement.partition;
      entry.sort = placement.sort;
      entry.dirty = true;
      return;
    }
    const rowid = this.rowidOf(collection, key);
    this.remember(entries, { collection, key, doc, partition: placement.partition, sort: placement.sort, rowid, dirty: true, used: false, slot: -1, leaving: false });
  }

  delete(collection: string, key: string): void {
    const entries = this.entriesOf(collection);
    const entry = entries.get(key);
    let rowid: number;
    if (entry === undefined) {
      rowid = this.rowidOf(collection, key);
    } else {
      rowid = entry.rowid;
      entries.delete(key);
      // Off the clock; one in `leaving` is passed over there.
      if (entry.slot >= 0) this.clock[entry.slot] = undefined;
      entry.slot = -1;
      entry.leaving = false;
    }
    if (rowid !== 0) {
      this.statements.remove.run(rowid);
      this.rowids.remove(collection, key, rowid);
    }
  }

  keysIn(collection: string, partition: string): readonly string[] {
    this.writeChanged();
    if (!this.partitions.mayHave(collection, partition)) return [];
    return (this.statements.keys.all(collection, partition) as string[]).sort();
  }

  /** Writes every changed document still held (inside the caller's transaction). */
  finish(): void {
    this.writeChanged();
  }

  private entriesOf(collection: string): Map<string, Entry> {
    let entries = this.collections.get(collection);
    if (entries === undefined) {
      entries = new Map();
      this.collections.set(collection, entries);
    }
    return entries;
  }

  /** The document's row, or 0 (its body, when found, in `foundBody`). */
  private rowidOf(collection: string, key: string): number {
    this.wantedCollection = collection;
    this.wantedKey = key;
    return this.rowids.find(collection, key, this.isWanted);
  }

  /** An entry found by key is used; one waiting in `leaving` goes back on the clock (and is passed over there). */
  private use(entry: Entry): void {
    entry.used = true;
    if (entry.leaving) {
      entry.leaving = false;
      this.place(entry);
    }
  }

  private remember(entries: Map<string, Entry>, entry: Entry): void {
    entries.set(entry.key, entry);
    this.place(entry);
  }

  /** Puts an entry on the clock, in a free slot or in that of the first entry the hand lets go. */
  private place(entry: Entry): void {
    const slot = this.filled < this.clock.length ? this.filled++ : this.freeSlot();
    entry.slot = slot;
    this.clock[slot] = entry;
  }

  private freeSlot(): number {
    const clock = this.clock;
    for (;;) {
      const slot = this.hand;
      this.hand = slot + 1 === clock.length ? 0 : slot + 1;
      const entry = clock[slot];
      if (entry === undefined) return slot;
      if (entry.used) {
        entry.used = false;
        continue;
      }
      clock[slot] = undefined;
      entry.slot = -1;
      if (entry.dirty && entry.rowid === 0) {
        // Still found by key until its run is written.
        entry.leaving = true;
        this.leaving.push(entry);
        if (this.leaving.length >= RUN_ROWS) this.appendLeaving();
      } else {
        if (entry.dirty) this.update(entry);
        this.collections.get(entry.collection)!.delete(entry.key);
      }
      return slot;
    }
  }

  /** Appends the new documents that left the clock (and were not taken back or deleted since), in key order. */
  private appendLeaving(): void {
    const run: Entry[] = [];
    for (const entry of this.leaving) {
      if (!entry.leaving) continue;
      entry.leaving = false;
      run.push(entry);
    }
    this.leaving = [];
    this.append(run);
    for (const entry of run) this.collections.get(entry.collection)!.delete(entry.key);
  }

  /** Appends new documents as rows, in key order; the entries stay as they are, clean, with their rowids. */
  private append(entries: Entry[]): void {
    entries.sort(inDocumentKeyOrder);
    const { insert, insertOne } = this.statements;
    const row = this.insertRow;
    let inRow = 0;
    for (const entry of entries) {
      const rowid = this.nextRowid++;
      const body = JSON.stringify(entry.doc);
      entry.rowid = rowid;
      entry.dirty = false;
      this.rowids.add(entry.collection, entry.key, rowid);
      this.partitions.add(entry.collection, entry.partition);
      let at = inRow * INSERT_COLUMNS;
      row[at++] = rowid;
      row[at++] = entry.collection;
      row[at++] = entry.key;
      row[at++] = entry.partition;
      row[at++] = entry.sort;
      row[at] = body;
      inRow += 1;
      if (inRow === INSERT_ROWS) {
        insert.run(row);
        inRow = 0;
      }
    }
    for (let i = 0; i < inRow; i += 1) {
      const at = i * INSERT_COLUMNS;
      insertOne.run(row[at] as number, row[at + 1] as string, row[at + 2] as string, row[at + 3] as string, row[at + 4] as string, row[at + 5] as string);
    }
  }

  private update(entry: Entry): void {
    this.statements.update.run(entry.partition, entry.sort, JSON.stringify(entry.doc), entry.rowid);
    this.partitions.add(entry.collection, entry.partition);
    entry.dirty = false;
  }

  /** Writes every changed document: those leaving, and those on the clock (which stay there, clean). */
  private writeChanged(): void {
    this.appendLeaving();
    const added: Entry[] = [];
    for (const entry of this.clock) {
      if (entry?.dirty !== true) continue;
      if (entry.rowid === 0) added.push(entry);
      else this.update(entry);
    }
    this.append(added);
  }
}
