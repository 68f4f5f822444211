/** A slot never used: a probe stops here. */
const EMPTY = 0;
/** A slot whose document was deleted: a probe goes on past it; an insertion may reuse it. */
const GONE = 0xffffffff;

/**
 * Where each document the rebuild has written sits in its `documents` table, without an index in SQLite: the
 * document's rowid, found by a 32-bit hash of its collection and key (open addressing, linear probing, two typed
 * arrays: 8 bytes a slot, at most 70 % of the slots taken). A hash proves nothing: every candidate row is handed to
 * the caller's `isIt`, which reads the row and compares. A document never written is known absent without reading
 * SQLite.
 */
export class DocumentRowids {
  private hashes: Uint32Array;
  private rowids: Uint32Array;
  private mask: number;
  /** Slots not EMPTY (live and GONE). */
  private taken = 0;

  /** `log2Slots`: the initial table (20: 1 Mi slots, 8 MiB); it doubles as documents are added. */
  constructor(log2Slots = 20) {
    this.hashes = new Uint32Array(2 ** log2Slots);
    this.rowids = new Uint32Array(2 ** log2Slots);
    this.mask = 2 ** log2Slots - 1;
  }

  /** The rowid of the document, or 0 when it has none: the first candidate (same hash) that `isIt` accepts. */
  find(collection: string, key: string, isIt: (rowid: number) => boolean): number {
    const hash = slotHash(collection, key);
    const { hashes, rowids, mask } = this;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const rowid = rowids[i]!;
      if (rowid === EMPTY) return 0;
      if (rowid !== GONE && hashes[i] === hash && isIt(rowid)) return rowid;
    }
  }

  /** Records a document's row (the caller knows it has none recorded yet). */
  add(collection: string, key: string, rowid: number): void {
    if (rowid <= EMPTY || rowid >= GONE) throw new RangeError(`rowid ${rowid} is out of range`);
    if ((this.taken + 1) * 10 > this.rowids.length * 7) this.rehash();
    this.place(slotHash(collection, key), rowid);
  }

  /** Forgets a document's row. */
  remove(collection: string, key: string, rowid: number): void {
    const { rowids, mask } = this;
    for (let i = slotHash(collection, key) & mask; rowids[i] !== EMPTY; i = (i + 1) & mask) {
      if (rowids[i] === rowid) {
        rowids[i] = GONE;
        return;
      }
    }
  }

  private place(hash: number, rowid: number): void {
    const { rowids, mask } = this;
    let i = hash & mask;
    while (rowids[i] !== EMPTY && rowids[i] !== GONE) i = (i + 1) & mask;
    if (rowids[i] === EMPTY) this.taken += 1;
    this.hashes[i] = hash;
    rowids[i] = rowid;
  }

  /** Places the live slots again, in a table twice as large when more than a third of this one is live. */
  private rehash(): void {
    const { hashes, rowids } = this;
    let live = 0;
    for (let i = 0; i < rowids.length; i += 1) if (rowids[i] !== EMPTY && rowids[i] !== GONE) live += 1;
    const size = live * 3 > rowids.length ? rowids.length * 2 : rowids.length;
    this.hashes = new Uint32Array(size);
    this.rowids = new Uint32Array(size);
    this.mask = size - 1;
    this.taken = 0;
    for (let i = 0; i < rowids.length; i += 1) {
      const rowid = rowids[i]!;
      if (rowid !== EMPTY && rowid !== GONE) this.place(hashes[i]!, rowid);
    }
  }
}

/** FNV-1a over the collection, a separator and the key, then MurmurHash3's finaliser (linear probing uses the low bits). */
export const slotHash = (collection: string, key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < collection.length; i += 1) h = Math.imul(h ^ collection.charCodeAt(i), 0x01000193);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};
