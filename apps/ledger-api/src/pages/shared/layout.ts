import { hasRole, isCustomerAdmin, type Actor } from '../../identity/index.js';
import { LANGUAGES } from '../i18n/language.js';
import { CSRF_FIELD } from './csrf-tokens.js';
import { html, type Html } from './html.js';
import type { PageContext } from './page-context.js';

export type NoticeKind = 'success' | 'refusal' | 'info';

export interface Notice {
  readonly kind: NoticeKind;
  readonly text: string;
  /** Shown below the sentence, e.g. a consent link to copy. */
  readonly extra?: Html;
}

export interface PageContent {
  readonly title: string;
  readonly main: Html;
  readonly notices?: readonly Notice[];
}

/** The hidden field every form posts, so that only our own pages can post them. */
export const csrfField = (context: PageContext): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${context.csrfToken}">`;

const LANGUAGE_NAMES = { en: 'English', fr: 'Français' } as const;

const languageSwitch = (context: PageContext): Html => {
  const links = LANGUAGES.map((language) => {
    const query = new URLSearchParams(context.query);
    query.set('lang', language);
    const current = language === context.language;
    return html`<li><a href="${context.path}?${query.toString()}" lang="${language}" hreflang="${language}"${
      current ? html` aria-current="true"` : ''
    }>${LANGUAGE_NAMES[language]}</a></li>`;
  });
  return html`<nav class="languages" aria-label="${context.messages.languageSwitch}"><ul>${links}</ul></nav>`;
};

/** The pages this user's role opens. */
export const pagesFor = (actor: Actor, context: PageContext): { href: string; label: string }[] => {
  const nav = context.messages.nav;
  return [
    ...(isCustomerAdmin(actor) ? [{ href: '/admin', label: nav.consentAdmin }] : []),
    ...(hasRole(actor, 'support') ? [{ href: '/support', label: nav.support }] : []),
    ...(hasRole(actor, 'auditor') ? [{ href: '/audit', label: nav.audit }] : []),
  ];
};

const accountBar = (context: PageContext): Html => {
  const { session, messages } = context;
  if (session.kind !== 'signed-in') {
    const back = encodeURIComponent(`${context.path}${context.query.size > 0 ? `?${context.query.toString()}` : ''}`);
    return html`<a class="button-link" href="/sign-in?returnTo=${back}">${messages.nav.signIn}</a>`;
  }
  const who = session.actor.signInName ?? session.actor.sub;
  return html`<p class="who">${messages.signedInAs(who, session.actor.tid)}</p>
    <form method="post" action="/sign-out" class="inline">${csrfField(context)}<button type="submit" class="secondary">${messages.nav.signOut}</button></form>`;
};

const notice = (item: Notice): Html =>
  html`<div class="notice ${item.kind}" role="${item.kind === 'refusal' ? 'alert' : 'status'}"><p>${item.text}</p>${item.extra}</div>`;

/** The page around every page: skip link, header with navigation, language switch and account, then the content. */
export const layout = (context: PageContext, content: PageContent): Html => {
  const { messages } = context;
  const links = [{ href: '/', label: messages.nav.home }, ...(context.session.kind === 'signed-in' ? pagesFor(context.session.actor, context) : [])];
  return html`<!doctype html>
<html lang="${context.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.title} · ${messages.appName}</title>
<link rel="stylesheet" href="/assets/pages.css">
</head>
<body>
<a class="skip-link" href="#main">${messages.skipToContent}</a>
<header class="site-header">
  <p class="brand"><a href="/">${messages.appName}</a></p>
  <nav aria-label="${messages.appName}"><ul class="nav">${links.map(
    (link) => html`<li><a href="${link.href}"${link.href === context.path ? html` aria-current="page"` : ''}>${link.label}</a></li>`,
  )}</ul></nav>
  ${languageSwitch(context)}
  <div class="account">${accountBar(context)}</div>
</header>
<main id="main" tabindex="-1">
<h1>${content.title}</h1>
${(content.notices ?? []).map(notice)}
${content.main}
</main>
</body>
</html>`;
};

/** A page this user may not see (the API refused its reads, e.g. a role they lack): its title and the refusal, nothing else. */
export const refusedPage = (context: PageContext, title: string, refusal: string): Html =>
  layout(context, { title, main: html``, notices: [{ kind: 'refusal', text: refusal }] });

/** A date for people, in the page's language, with its UTC time. */
export const formatDate = (iso: string | undefined, context: PageContext): string => {
  if (iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(context.language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date) + ' UTC';
};

/** "3 h 12 min", "2 d 4 h": how long something has waited. */
export const formatAge = (seconds: number, context: PageContext): string => {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const day = context.language === 'fr' ? 'j' : 'd';
  if (d > 0) return `${d} ${day} ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
};
