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

/** Opaque to clients: the position of the last item of the page, base64url-encoded. */
export const encodeCursor = (mark: PageMark): string => Buffer.from(JSON.stringify([mark.sort, mark.key])).toString('base64url');

export const decodeCursor = (cursor: string): PageMark => {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      return { sort: decoded[0] as string, key: decoded[1] as string };
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
  const page = store.page<Doc>(collection, partition, {
    limit,
    ...(options.cursor === undefined ? {} : { after: decodeCursor(options.cursor) }),
  });
  return { items: page.docs.map(show), nextCursor: page.next === undefined ? null : encodeCursor(page.next) };
};
