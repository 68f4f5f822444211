import { html, type Html } from './html.js';
import { layout } from './layout.js';
import type { ApiAnswer } from './ledger-api-client.js';
import type { PageContext } from './page-context.js';

/**
 * How many items a list page reads at once: the API's largest page (api.md, "Lists": `limit` at most 500). A longer
 * list is read a page at a time, each page a link of its own (the API's `nextCursor` in the page's URL).
 */
export const LIST_LIMIT = 500;

/** A cursor as the API hands them out (base64url, at most 2000 characters like its `cursor` parameter). */
export const CURSOR = /^[A-Za-z0-9_-]{1,2000}$/;

/** Parameters that only tell what the previous request did: the page's other links do not repeat them. */
const ONE_SHOT = ['done', 'partner'];

export type CursorParameter = { readonly ok: true; readonly cursor?: string } | { readonly ok: false };

/** The cursor a page's URL gives one of its lists: none (its first page), one cursor, or not a cursor at all. */
export const cursorParameter = (context: PageContext, name: string): CursorParameter => {
  const values = context.query.getAll(name);
  if (values.length === 0) return { ok: true };
  const [cursor] = values;
  return values.length === 1 && cursor !== undefined && CURSOR.test(cursor) ? { ok: true, cursor } : { ok: false };
};

/** The API refused a list's cursor (another list's, or altered): a 400 naming the `cursor` field. */
export const cursorRefused = (answer: ApiAnswer<unknown>): boolean => !answer.ok && answer.status === 400 && answer.problem.fields?.includes('cursor') === true;

/** This page's address with some parameters changed (removed when empty), the others as they came. */
export const pageAddress = (context: PageContext, changes: Readonly<Record<string, string | undefined>>): string => {
  const query = new URLSearchParams(context.query);
  for (const name of ONE_SHOT) query.delete(name);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') query.delete(name);
    else query.set(name, value);
  }
  return query.size === 0 ? context.path : `${context.path}?${query.toString()}`;
};

/** One list of a page, as the API answered it, and what its links must carry. */
export interface ListPaging {
  /** The `id` of the list's paging, unique in the page. */
  readonly id: string;
  /** The list's name, in the page's language ("Pages of the list: …"). */
  readonly list: string;
  /** The page's URL parameter holding this list's cursor. */
  readonly parameter: string;
  /** The cursor this page was read from: none on the first page. */
  readonly cursor?: string;
  readonly nextCursor?: string | null;
  /** How many items this page shows. */
  readonly shown: number;
  /** Parameters the links set, beyond those of the page's URL (what a page showed for a question left out). */
  readonly carry?: Readonly<Record<string, string | undefined>>;
}

/**
 * The links between a list's pages (plain links: no script): when the API has more, "there are more" and Next
 * page; past the first page, First page. Nothing for a list that fits on one page.
 */
export const pager = (context: PageContext, paging: ListPaging | undefined): Html | string => {
  if (paging === undefined) return '';
  const more = typeof paging.nextCursor === 'string' && paging.nextCursor !== '';
  const later = paging.cursor !== undefined;
  if (!more && !later) return '';
  const t = context.messages.paging;
  const first = later ? html`<li><a href="${pageAddress(context, { ...paging.carry, [paging.parameter]: undefined })}">${t.first}</a></li>` : '';
  const next = more ? html`<li><a href="${pageAddress(context, { ...paging.carry, [paging.parameter]: paging.nextCursor ?? undefined })}" rel="next">${t.next}</a></li>` : '';
  return html`<nav class="pager" id="${paging.id}" aria-label="${t.pagesOf(paging.list)}">${more ? html`<p>${t.more(paging.shown)}</p>` : ''}<ul>${first}${next}</ul></nav>`;
};

/** A list's sentence for no items: on a later page, that nothing follows (earlier pages had some). */
export const emptyListWords = (context: PageContext, paging: ListPaging | undefined, noItems: string): string =>
  paging?.cursor === undefined ? noItems : context.messages.paging.nothingFurther;

/** A page asked with a cursor that is not one (altered, another list's): 400, in words, and the way to the first page. */
export const invalidCursorPage = (context: PageContext, title: string, firstPage: string): Html =>
  layout(context, {
    title,
    main: html`<p><a href="${firstPage}">${context.messages.paging.first}</a></p>`,
    notices: [{ kind: 'refusal', text: context.messages.paging.invalidCursor }],
  });
