import type { OemConsentLinkRequest, OemRevocationRequest } from '../shared/contract.js';
import { formKeyField } from '../shared/form-key.js';
import { html, type Html } from '../shared/html.js';
import { csrfField, formatAge, formatDate, layout, type Notice } from '../shared/layout.js';
import { emptyListWords, pager, type ListPaging } from '../shared/list-paging.js';
import type { PageContext } from '../shared/page-context.js';
import type { FormToFix } from '../shared/page-form.js';

/** A page of each queue, and the links to its others. */
export interface SupportQueues {
  readonly revocations: readonly OemRevocationRequest[];
  readonly linkRequests: readonly OemConsentLinkRequest[];
  readonly revocationsPaging?: ListPaging;
  readonly linkRequestsPaging?: ListPaging;
}

const revocationRow = (request: OemRevocationRequest, context: PageContext): Html => {
  const t = context.messages.support;
  const id = encodeURIComponent(request.revocationRequestId);
  const partner = request.partnerName ?? request.partnerId;
  const reasonId = `reject-${request.revocationRequestId}`;
  return html`<tr>
  <td data-label="${t.oem}"><strong>${partner}</strong><br><span class="mono">${request.partnerId}</span></td>
  <td data-label="${t.customer}"><span class="mono">${request.customerTenantId}</span></td>
  <td data-label="${t.reason}">${request.reason}</td>
  <td data-label="${t.requestedBy}">${request.requestedBy.signInName ?? request.requestedBy.sub}<br>${formatDate(request.requestedAt, context)}</td>
  <td data-label="${t.age}">${formatAge(request.ageSeconds, context)}</td>
  <td data-label="${context.messages.admin.actions}"><div class="row-actions">
    <form method="post" action="/support/revocations/${id}/complete">${csrfField(context)}${formKeyField()}
      <button type="submit" class="danger" aria-label="${t.completeFor(partner, request.customerTenantId)}">${t.complete}</button></form>
    <form method="post" action="/support/revocations/${id}/reject" class="stacked">${csrfField(context)}${formKeyField()}
      <div class="field"><label for="${reasonId}">${t.rejectReason}</label>
      <input type="text" id="${reasonId}" name="reason" required maxlength="2000" aria-label="${t.rejectReasonFor(partner, request.customerTenantId)}"></div>
      <div><button type="submit" class="secondary">${t.reject}</button></div></form>
  </div></td>
</tr>`;
};

const revocationQueue = (requests: readonly OemRevocationRequest[], context: PageContext, paging: ListPaging | undefined): Html => {
  const t = context.messages.support;
  if (requests.length === 0) return html`<h2 id="revocations">${t.revocations}</h2><p>${emptyListWords(context, paging, t.noRevocations)}</p>${pager(context, paging)}`;
  return html`<h2 id="revocations">${t.revocations}</h2>
<table class="cards" aria-labelledby="revocations"><thead><tr><th scope="col">${t.oem}</th><th scope="col">${t.customer}</th><th scope="col">${t.reason}</th><th scope="col">${t.requestedBy}</th><th scope="col">${t.age}</th><th scope="col">${context.messages.admin.actions}</th></tr></thead>
<tbody>${requests.map((request) => revocationRow(request, context))}</tbody></table>${pager(context, paging)}`;
};

const linkQueue = (requests: readonly OemConsentLinkRequest[], context: PageContext, paging: ListPaging | undefined): Html => {
  const t = context.messages.support;
  const rows = requests.map(
    (request) => html`<tr>
  <td data-label="${t.oem}"><strong>${request.partnerName}</strong><br><span class="mono">${request.partnerId}</span></td>
  <td data-label="${t.requestedBy}">${request.requestedBy.signInName ?? request.requestedBy.sub}</td>
  <td data-label="${t.age}">${formatAge(request.ageSeconds, context)}</td>
  <td data-label="${context.messages.admin.actions}"><form method="post" action="/support/oem-links">${csrfField(context)}${formKeyField()}
    <input type="hidden" name="partnerId" value="${request.partnerId}">
    <button type="submit" aria-label="${t.issueFor(request.partnerName)}">${t.issue}</button></form></td>
</tr>`,
  );
  const table = requests.length === 0
    ? html`<p>${emptyListWords(context, paging, t.noLinkRequests)}</p>`
    : html`<table class="cards" aria-labelledby="link-requests"><thead><tr><th scope="col">${t.oem}</th><th scope="col">${t.requestedBy}</th><th scope="col">${t.age}</th><th scope="col">${context.messages.admin.actions}</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`<h2 id="link-requests">${t.linkRequests}</h2>${table}${pager(context, paging)}
<form method="post" action="/support/oem-links" class="stacked">${csrfField(context)}${formKeyField()}
  <h3>${t.issueOrReplace}</h3><p class="hint" id="issue-hint">${t.issueOrReplaceHint}</p>
  <div class="field"><label for="issue-partnerId">${t.partnerId}</label><input type="text" id="issue-partnerId" name="partnerId" required aria-describedby="issue-hint"></div>
  <div><button type="submit" class="secondary">${t.issueOrReplace}</button></div>
</form>`;
};

/** The enrolment form, empty, or again as it was sent with the message of each invalid field next to it. */
const enrolForm = (context: PageContext, toFix: FormToFix | undefined): Html => {
  const t = context.messages.support;
  const kinds = Object.entries(context.messages.kinds);
  const value = (name: string): string | undefined => toFix?.values[name];
  const error = (name: string): Html | string =>
    toFix?.invalid.has(name) === true ? html`<p class="field-error" id="enrol-${name}-error">${t.invalid[name]}</p>` : '';
  const marked = (name: string): Html | string =>
    toFix?.invalid.has(name) === true ? html` aria-invalid="true" aria-describedby="enrol-${name}-error"` : '';
  const text = (name: string): Html | string => (value(name) === undefined ? '' : html` value="${value(name)}"`);
  return html`<h2 id="enrol">${t.enrol}</h2>
<form method="post" action="/support/partners" class="stacked" aria-labelledby="enrol">${csrfField(context)}${formKeyField()}
  <div class="field"><label for="enrol-partnerId">${t.partnerId}</label>${error('partnerId')}<input type="text" id="enrol-partnerId" name="partnerId"${text('partnerId')} required${marked('partnerId')}></div>
  <div class="field"><label for="enrol-name">${t.name}</label>${error('name')}<input type="text" id="enrol-name" name="name"${text('name')} required maxlength="200"${marked('name')}></div>
  <div class="field"><label for="enrol-kind">${t.kind}</label>${error('kind')}<select id="enrol-kind" name="kind"${marked('kind')}>${kinds.map(
    ([kind, label]) => html`<option value="${kind}"${value('kind') === kind ? html` selected` : ''}>${label}</option>`,
  )}</select></div>
  <div class="check"><input type="checkbox" id="enrol-eligible" name="oemDirectApiEligible" value="yes"${value('oemDirectApiEligible') === 'yes' ? html` checked` : ''}><label for="enrol-eligible">${t.oemEligible}</label></div>
  <div class="field"><label for="enrol-provider">${t.indirectProvider}</label>${error('indirectProviderId')}<input type="text" id="enrol-provider" name="indirectProviderId"${text('indirectProviderId')}${marked('indirectProviderId')}></div>
  <div><button type="submit">${t.enrol}</button></div>
</form>`;
};

/**
 * Support's console: the revocation queue (oldest first, with age), OEMs waiting for a link, partner enrolment (as
 * it was sent, when a field must be fixed).
 */
export const supportConsolePage = (context: PageContext, queues: SupportQueues, notices: Notice[], enrolToFix?: FormToFix): Html =>
  layout(context, {
    title: context.messages.support.title,
    main: html`${revocationQueue(queues.revocations, context, queues.revocationsPaging)}${linkQueue(queues.linkRequests, context, queues.linkRequestsPaging)}${enrolForm(context, enrolToFix)}`,
    notices,
  });
