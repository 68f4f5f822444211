import type { Messages } from '../i18n/messages.en.js';
import type { Notice } from './layout.js';
import type { PageContext } from './page-context.js';

/**
 * After a form: the page it redirects to says what was done (`done=`, one of a fixed list, never free text) and
 * reads the ledger at least up to the write (`at=`, its Ledger-Position), so the user sees their own change.
 */
export const afterWrite = (path: string, done: string, position: string | undefined, extra: Record<string, string> = {}): string => {
  const query = new URLSearchParams({ done, ...extra });
  if (position !== undefined) query.set('at', position);
  return `${path}?${query.toString()}`;
};

/** The position a page's reads must reflect, when it follows a write. */
export const positionOf = (context: PageContext): string | undefined => {
  const at = context.query.get('at');
  return at !== null && /^\d{1,20}$/.test(at) ? at : undefined;
};

export const doneNotice = (context: PageContext, words: (messages: Messages) => Readonly<Record<string, string>>): Notice[] => {
  const done = context.query.get('done');
  const text = done === null ? undefined : words(context.messages)[done];
  return text === undefined ? [] : [{ kind: 'success', text }];
};
