import type { RegistrationAuthorisation, TimelineEvent } from '../shared/contract.js';
import { html, type Html } from '../shared/html.js';
import { formatDate, layout, type Notice } from '../shared/layout.js';
import { emptyListWords, pager, type ListPaging } from '../shared/list-paging.js';
import type { PageContext } from '../shared/page-context.js';
import type { EventFacts } from '../i18n/messages.en.js';
import type { SignedCheckpoint } from '@ledger/ledger-proofs';

/** Each part of the view: not asked, its answer, or the API's refusal in words. */
export type Section<Value> = { readonly kind: 'not-asked' } | { readonly kind: 'answer'; readonly value: Value } | { readonly kind: 'refused'; readonly words: string; readonly status: number };

export interface CheckpointAnswer {
  readonly checkpoint?: SignedCheckpoint;
  readonly verdict?: { readonly ok: true } | { readonly ok: false; readonly reason: string };
}

export interface AuditorAnswers {
  readonly tenantId: string;
  readonly partnerId: string;
  readonly asOf: string;
  readonly timeline: Section<readonly TimelineEvent[]>;
  readonly authorisations: Section<readonly RegistrationAuthorisation[]>;
  readonly checkpoint: Section<CheckpointAnswer>;
  /** The links to the lists' other pages (each list pages on its own). */
  readonly timelinePaging?: ListPaging;
  readonly authorisationsPaging?: ListPaging;
  /** The fields to fix (a value the browser let through), shown again with their message. */
  readonly invalid?: ReadonlySet<string>;
}

/** An invalid field's message, and the attributes that tie its input to it. */
const fieldError = (answers: AuditorAnswers, context: PageContext, name: string): Html | string =>
  answers.invalid?.has(name) === true ? html`<p class="field-error" id="${name}-error">${context.messages.audit.invalid[name]}</p>` : '';
const marked = (answers: AuditorAnswers, name: string): Html | string =>
  answers.invalid?.has(name) === true ? html` aria-invalid="true" aria-describedby="${name}-error"` : '';

const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

/** The facts a timeline sentence says, from the event's data, in the page's language. */
const factsOf = (data: Readonly<Record<string, unknown>>, context: PageContext): EventFacts => {
  const t = context.messages.audit;
  const acceptor = (typeof data.acceptedBy === 'object' && data.acceptedBy !== null ? data.acceptedBy : {}) as { signInName?: unknown; sub?: unknown };
  const kind = text(data.partnerKind);
  return {
    who: typeof acceptor.signInName === 'string' ? acceptor.signInName : typeof acceptor.sub === 'string' ? t.user(acceptor.sub) : t.someone,
    partner: text(data.partnerId),
    kind: context.messages.kinds[kind] ?? kind,
    request: text(data.requestId),
    reason: text(data.reason),
    dapRequested: data.delegatedAdminRequested === true,
    dapGranted: data.delegatedAdminGranted === true,
    until: typeof data.expiresAt === 'string' ? formatDate(data.expiresAt, context) : '?',
  };
};

/** An event's sentence in the page's language; the API's own (English) for a type the page does not know. */
const sentenceOf = (event: TimelineEvent, context: PageContext): string => {
  const say = context.messages.audit.events[event.type];
  return say === undefined ? (event.summary ?? '') : say(factsOf(event.data ?? {}, context));
};

const refusal = (words: string): Html => html`<div class="notice refusal" role="alert"><p>${words}</p></div>`;

/** The other list's page, kept when a form asks this list's question again. */
const keptPage = (paging: ListPaging | undefined): Html | string =>
  paging?.cursor === undefined ? '' : html`<input type="hidden" name="${paging.parameter}" value="${paging.cursor}">`;

const timelineSection = (answers: AuditorAnswers, context: PageContext): Html => {
  const t = context.messages.audit;
  const form = html`<form method="get" action="/audit" class="stacked">
  <input type="hidden" name="partnerId" value="${answers.partnerId}"><input type="hidden" name="asOf" value="${answers.asOf}">${keptPage(answers.authorisationsPaging)}
  <div class="field"><label for="tenantId">${t.tenant}</label>${fieldError(answers, context, 'tenantId')}<input type="text" id="tenantId" name="tenantId" value="${answers.tenantId}" required${marked(answers, 'tenantId')}></div>
  <div><button type="submit">${t.show}</button></div></form>`;
  const section = answers.timeline;
  let body: Html | string = '';
  if (section.kind === 'refused') body = refusal(section.words);
  if (section.kind === 'answer') {
    body = section.value.length === 0
      ? html`<p>${emptyListWords(context, answers.timelinePaging, t.noEvents)}</p>`
      : html`<table class="cards"><caption>${t.timeline}: ${answers.tenantId}</caption><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.event}</th><th scope="col">${t.details}</th></tr></thead><tbody>${section.value.map(
          (event) => html`<tr><td data-label="${t.when}">${formatDate(event.recordedAt, context)}</td><td data-label="${t.event}"><strong>${t.eventTypes[event.type] ?? event.type}</strong></td><td data-label="${t.details}">${sentenceOf(event, context)}<br><span class="mono">#${event.position} · ${event.type}</span></td></tr>`,
        )}</tbody></table>`;
    body = html`${body}${pager(context, answers.timelinePaging)}`;
  }
  return html`<h2>${t.timeline}</h2>${form}${body}`;
};

const authorisationsSection = (answers: AuditorAnswers, context: PageContext): Html => {
  const t = context.messages.audit;
  const form = html`<form method="get" action="/audit" class="stacked">
  <input type="hidden" name="tenantId" value="${answers.tenantId}">${keptPage(answers.timelinePaging)}
  <div class="field"><label for="partnerId">${t.partnerId}</label>${fieldError(answers, context, 'partnerId')}<input type="text" id="partnerId" name="partnerId" value="${answers.partnerId}" required${marked(answers, 'partnerId')}></div>
  <div class="field"><label for="asOf">${t.asOfDate}</label>${fieldError(answers, context, 'asOf')}<input type="datetime-local" id="asOf" name="asOf" value="${answers.asOf.slice(0, 16)}" required${marked(answers, 'asOf')}></div>
  <div><button type="submit">${t.show}</button></div></form>`;
  const section = answers.authorisations;
  let body: Html | string = '';
  if (section.kind === 'refused') body = refusal(section.words);
  if (section.kind === 'answer') {
    const yesNo = (value: boolean): string => (value ? context.messages.yes : context.messages.no);
    body = section.value.length === 0
      ? html`<p>${emptyListWords(context, answers.authorisationsPaging, t.noAuthorisations)}</p>`
      : html`<table class="cards"><caption>${answers.partnerId} · ${formatDate(answers.asOf, context)}</caption><thead><tr><th scope="col">${t.customer}</th><th scope="col">${t.authorised}</th><th scope="col">${t.basis}</th><th scope="col">${t.channels}</th><th scope="col">${t.since}</th></tr></thead><tbody>${section.value.map(
          (item) => html`<tr><td data-label="${t.customer}"><span class="mono">${item.customerTenantId}</span></td><td data-label="${t.authorised}">${yesNo(item.authorised)}</td><td data-label="${t.basis}">${t.basisNames[item.basis] ?? item.basis}${item.viaResellerId === undefined ? '' : ` (${item.viaResellerId})`}</td><td data-label="${t.channels}">${item.channels.map((channel) => t.channelNames[channel] ?? channel).join(', ')}</td><td data-label="${t.since}">${formatDate(item.since, context)}</td></tr>`,
        )}</tbody></table>`;
    body = html`${body}${pager(context, answers.authorisationsPaging)}`;
  }
  return html`<h2>${t.asOf}</h2>${form}${body}`;
};

const checkpointSection = (answers: AuditorAnswers, context: PageContext): Html => {
  const t = context.messages.audit;
  const section = answers.checkpoint;
  if (section.kind === 'refused') return html`<h2>${t.checkpoint}</h2>${refusal(section.words)}`;
  if (section.kind === 'not-asked' || section.value.checkpoint === undefined) return html`<h2>${t.checkpoint}</h2><p>${t.noCheckpoint}</p>`;
  const { checkpoint, verdict } = section.value;
  const verdictNotice = verdict?.ok
    ? html`<div class="notice success" role="status"><p>${t.verifies}</p></div>`
    : html`<div class="notice refusal" role="alert"><p>${t.doesNotVerify(verdict?.ok === false ? verdict.reason : '?')}</p></div>`;
  return html`<h2>${t.checkpoint}</h2>${verdictNotice}<dl class="facts">
  <dt>${t.treeSize}</dt><dd>${checkpoint.treeSize}</dd>
  <dt>${t.signedAt}</dt><dd>${formatDate(checkpoint.time, context)}</dd>
  <dt>${t.rootHash}</dt><dd class="mono">${checkpoint.rootHash}</dd>
  <dt>${t.keyId}</dt><dd class="mono">${checkpoint.kid}</dd></dl>`;
};

/** A customer's timeline, a partner's authorisations as of a date, the latest signed checkpoint and its verdict. */
export const auditorViewPage = (context: PageContext, answers: AuditorAnswers, notices: Notice[] = []): Html =>
  layout(context, {
    title: context.messages.audit.title,
    main: html`${checkpointSection(answers, context)}${timelineSection(answers, context)}${authorisationsSection(answers, context)}`,
    notices,
  });
