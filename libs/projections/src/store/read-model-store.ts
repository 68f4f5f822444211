/**
 * The small store the folds write to and the queries read from: documents in named collections, each
 * placed in a partition (e.g. a partner's id) and ordered inside it by a sort key, so that every list
 * the API pages through is one ordered range. Synchronous on purpose: folds stay plain functions, and
 * SQLite (better-sqlite3) and an in-memory map both answer without awaiting.
 */

/** Where a document sits for listing: its partition and its order inside it (ties broken by key). */
export interface Placement {
  readonly partition: string;
  readonly sort: string;
}

/** The position of the last document of a page; the next page starts after it. */
export interface PageMark {
  readonly sort: string;
  readonly key: string;
}

export interface PageRequest {
  readonly after?: PageMark;
  readonly limit: number;
}

export interface StoredPage<Doc> {
  readonly docs: readonly Doc[];
  /** Set when more documents follow the last one returned. */
  readonly next?: PageMark;
}

/** What a fold needs: read a document, write or delete one, list the keys of a partition. */
export interface FoldStore {
  get<Doc>(collection: string, key: string): Doc | undefined;
  put<Doc>(collection: string, key: string, doc: Doc, placement: Placement): void;
  delete(collection: string, key: string): void;
  keysIn(collection: string, partition: string): readonly string[];
}

/** What a query needs: read a document, read one page of a partition in order. */
export interface QueryStore {
  get<Doc>(collection: string, key: string): Doc | undefined;
  page<Doc>(collection: string, partition: string, request: PageRequest): StoredPage<Doc>;
}
