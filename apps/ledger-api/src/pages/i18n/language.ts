import { en, type Messages } from './messages.en.js';
import { fr } from './messages.fr.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MESSAGES: Readonly<Record<Language, Messages>> = { en, fr };

/** The cookie that remembers a language chosen with `?lang=`. */
export const LANGUAGE_COOKIE = 'lang';

const isLanguage = (value: string | undefined): value is Language => (LANGUAGES as readonly (string | undefined)[]).includes(value);

/** The first of our languages in an `Accept-Language` header, by its q-values; English when none matches. */
export const fromAcceptLanguage = (header: string | undefined): Language => {
  const ranked = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((entry) => entry.primary).find(isLanguage) ?? 'en';
};

/** `?lang=` first (a switch), then the remembered choice, then the browser's preference. */
export const chooseLanguage = (query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Language => {
  if (isLanguage(query)) return query;
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage);
};
