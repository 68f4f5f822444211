/** Where a document sits in the caches: its collection and key, in one string. */
export const documentSlot = (collection: string, key: string): string => `${collection}\u0000${key}`;

/** Documents kept parsed; past this many the cache starts afresh (the hot ones come back at once). */
const DEFAULT_LIMIT = 100_000;

const deepFreeze = <Doc>(doc: Doc): Doc => {
  if (typeof doc !== 'object' || doc === null || Object.isFrozen(doc)) return doc;
  for (const value of Object.values(doc)) deepFreeze(value);
  return Object.freeze(doc);
};

/**
 * Committed documents, parsed once and shared by every query that reads them (frozen: a query cannot
 * change what the next one sees). `null` records "no such document". The runner, the only writer of the
 * database, forgets the slots of each commit right after it, so a read never returns a superseded document.
 */
export class DocumentCache {
  private readonly docs = new Map<string, unknown>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The cached document (`null`: known absent), or `undefined` when not cached. */
  lookup(slot: string): unknown {
    return this.docs.get(slot);
  }

  keep<Doc>(slot: string, doc: Doc | null): Doc | null {
    if (this.docs.size >= this.limit) this.docs.clear();
    this.docs.set(slot, deepFreeze(doc));
    return doc;
  }

  forget(slots: Iterable<string>): void {
    for (const slot of slots) this.docs.delete(slot);
  }

  clear(): void {
    this.docs.clear();
  }
}
