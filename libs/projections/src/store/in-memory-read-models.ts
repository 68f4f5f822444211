import type { FoldStore, PageMark, PageRequest, Placement, QueryStore, StoredPage } from './read-model-store.js';

interface Entry {
  readonly key: string;
  readonly doc: unknown;
  readonly placement: Placement;
}

const compareMarks = (a: PageMark, b: PageMark): number =>
  a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * The read models held in memory: the same folds and queries as the service's SQLite store, for the
 * audit's as-of views (fold the ledger up to a moment, then query) and for specs.
 */
export class InMemoryReadModels implements FoldStore, QueryStore {
  private readonly collections = new Map<string, Map<string, Entry>>();

  private collection(name: string): Map<string, Entry> {
    let collection = this.collections.get(name);
    if (collection === undefined) {
      collection = new Map();
      this.collections.set(name, collection);
    }
    return collection;
  }

  get<Doc>(collection: string, key: string): Doc | undefined {
    return this.collections.get(collection)?.get(key)?.doc as Doc | undefined;
  }

  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void {
    // Stored as a copy, as SQLite would: a caller mutating its object later changes nothing here.
    this.collection(collection).set(key, { key, doc: structuredClone(doc), placement });
  }

  delete(collection: string, key: string): void {
    this.collections.get(collection)?.delete(key);
  }

  keysIn(collection: string, partition: string): readonly string[] {
    return [...(this.collections.get(collection)?.values() ?? [])]
      .filter((entry) => entry.placement.partition === partition)
      .map((entry) => entry.key)
      .sort();
  }

  page<Doc>(collection: string, partition: string, request: PageRequest): StoredPage<Doc> {
    const ordered = [...(this.collections.get(collection)?.values() ?? [])]
      .filter((entry) => entry.placement.partition === partition)
      .map((entry) => ({ entry, mark: { sort: entry.placement.sort, key: entry.key } }))
      .filter(({ mark }) => request.after === undefined || compareMarks(mark, request.after) > 0)
      .sort((a, b) => compareMarks(a.mark, b.mark));
    const taken = ordered.slice(0, request.limit);
    const last = taken.at(-1);
    return {
      docs: taken.map(({ entry }) => structuredClone(entry.doc) as Doc),
      ...(ordered.length > taken.length && last !== undefined ? { next: last.mark } : {}),
    };
  }
}
