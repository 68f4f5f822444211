import { createHash } from 'node:crypto';
import type { PageMark, QueryStore } from '../store/read-model-store.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** A page of a list, as the API answers every list: `{ items, nextCursor }` (null on the last page). */
export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export interface PageOptions {
  /** 1 to MAX_PAGE_LIMIT; DEFAULT_PAGE_LIMIT when absent. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** A cursor this service did not hand out (or one that was altered). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not one this API returned: pass the nextCursor of the previous page unchanged, or omit it');
  }
}

/** Where a list's pages come from: a cursor is good only for the list (collection and partition) that handed it out. */
export interface ListScope {
  readonly collection: string;
  readonly partition: string;
}

/**
 * A digest of the list and of the position: a cursor of another list (another route, partner, tenant or status), or
 * one altered, does not match it. Not a secret: it catches a cursor sent to the wrong list or damaged, not a forgery,
 * which could only page through a list its caller may read anyway.
 */
const cursorTag = (scope: ListScope, mark: PageMark): string =>
  createHash('sha256').update(JSON.stringify([scope.collection, scope.partition, mark.sort, mark.key])).digest('base64url').slice(0, 16);

/** Opaque to clients: the position of the last item of the page and its tag, base64url-encoded. */
export const encodeCursor = (scope: ListScope, mark: PageMark): string =>
  Buffer.from(JSON.stringify([mark.sort, mark.key, cursorTag(scope, mark)])).toString('base64url');

/** The position a cursor of this list names; InvalidCursorError for another list's cursor, or an altered one. */
export const decodeCursor = (scope: ListScope, cursor: string): PageMark => {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded.every((part) => typeof part === 'string')) {
      const mark = { sort: decoded[0] as string, key: decoded[1] as string };
      if (decoded[2] === cursorTag(scope, mark)) return mark;
    }
  } catch {
    // falls through to the refusal
  }
  throw new InvalidCursorError();
};

/** One page of a partition, each stored document shown as `show` makes it. */
export const readPage = <Doc, Item>(
  store: QueryStore,
  collection: string,
  partition: string,
  options: PageOptions,
  show: (doc: Doc) => Item,
): Page<Item> => {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_PAGE_LIMIT)), MAX_PAGE_LIMIT);
  const scope = { collection, partition };
  const page = store.page<Doc>(collection, partition, {
    limit,
    ...(options.cursor === undefined ? {} : { after: decodeCursor(scope, options.cursor) }),
  });
  return { items: page.docs.map(show), nextCursor: page.next === undefined ? null : encodeCursor(scope, page.next) };
};
