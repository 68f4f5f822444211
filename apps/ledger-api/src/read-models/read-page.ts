import { InvalidCursorError, type Page, type PageOptions } from '@ledger/projections';
import { invalidCursorProblem } from '../paging/invalid-cursor.problem.js';
import type { PageQueryDto } from '../paging/page-query.dto.js';

/** The paging options of a list query. */
export const pageOptions = (query: PageQueryDto): PageOptions => ({
  ...(query.limit === undefined ? {} : { limit: query.limit }),
  ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
});

/** Runs a list query; a cursor this API did not hand out is a 400 naming the `cursor` field. */
export const readPage = <Item>(query: () => Page<Item>): Page<Item> => {
  try {
    return query();
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    throw invalidCursorProblem(error.message);
  }
};
