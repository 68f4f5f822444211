import type { CustomerPartner } from '../shared/contract.js';
import { formKeyField } from '../shared/form-key.js';
import { html, type Html } from '../shared/html.js';
import { csrfField, formatDate, layout, type Notice } from '../shared/layout.js';
import { emptyListWords, pager, type ListPaging } from '../shared/list-paging.js';
import type { PageContext } from '../shared/page-context.js';

const revocationState = (partner: CustomerPartner, context: PageContext): Html | string => {
  const t = context.messages.admin;
  const revocation = partner.oemRevocation;
  if (revocation === undefined) return '—';
  const state = t.revocationStates[revocation.status] ?? revocation.status;
  return html`${state} (${formatDate(revocation.handledAt ?? revocation.requestedAt, context)})${
    revocation.rejectionReason === undefined ? '' : html`<br>${t.rejectedBecause(revocation.rejectionReason)}`
  }`;
};

const actions = (partner: CustomerPartner, context: PageContext, nameOf: (partnerId: string) => string): Html => {
  const t = context.messages.admin;
  const id = encodeURIComponent(partner.partnerId);
  // An indirect provider's DAP is its resellers': it is removed on their rows (the API has no relationship of the
  // provider's own to remove it from).
  const dapResellers = partner.delegatedAdminViaResellerIds ?? (partner.viaResellerId === undefined ? [] : [partner.viaResellerId]);
  const removeDap = !partner.delegatedAdmin
    ? ''
    : partner.viaResellerId !== undefined
      ? html`<p>${t.dapThroughReseller(dapResellers.map(nameOf).join(', '))}</p>`
      : html`<form method="post" action="/admin/partners/${id}/remove-dap">${csrfField(context)}${formKeyField()}
        <button type="submit" class="danger" aria-label="${t.removeDapOf(partner.name)}">${t.removeDap}</button></form>`;
  const revocable = partner.kind === 'OEM' && partner.authorised !== false && partner.oemRevocation?.status !== 'pending';
  const askRevocation = revocable
    ? html`<form method="post" action="/admin/oem-revocations" class="stacked">${csrfField(context)}${formKeyField()}
        <input type="hidden" name="partnerId" value="${partner.partnerId}">
        <div class="field"><label for="reason-${partner.partnerId}">${t.reasonFor(partner.name)}</label>
        <textarea id="reason-${partner.partnerId}" name="reason" rows="2" required maxlength="2000"></textarea></div>
        <div><button type="submit" class="secondary">${t.askRevocation}</button></div></form>`
    : '';
  return html`<div class="row-actions">${removeDap}${askRevocation}</div>`;
};

const row = (partner: CustomerPartner, context: PageContext, nameOf: (partnerId: string) => string): Html => {
  const t = context.messages.admin;
  const yesNo = (value: boolean | undefined): string => (value === undefined ? '—' : value ? context.messages.yes : context.messages.no);
  return html`<tr>
  <td data-label="${t.partner}"><strong>${partner.name}</strong><br><span class="mono">${partner.partnerId}</span></td>
  <td data-label="${t.kind}">${context.messages.kinds[partner.kind] ?? partner.kind}</td>
  <td data-label="${t.acceptedAt}">${formatDate(partner.acceptedAt, context)}</td>
  <td data-label="${t.dap}">${yesNo(partner.delegatedAdmin)}</td>
  <td data-label="${t.authorised}">${yesNo(partner.authorised)}</td>
  <td data-label="${t.revocation}">${revocationState(partner, context)}</td>
  <td data-label="${t.actions}">${actions(partner, context, nameOf)}</td>
</tr>`;
};

/**
 * The partners of my tenant with DAP status; remove DAP; ask for an OEM's revocation and follow its state. A page of
 * them at a time (`paging`: the links to the others).
 */
export const customerAdminPage = (context: PageContext, tenantId: string, partners: readonly CustomerPartner[], notices: Notice[], paging?: ListPaging): Html => {
  const t = context.messages.admin;
  // A reseller an indirect provider comes through is one of the tenant's partners too: named as it is listed.
  const nameOf = (partnerId: string): string => partners.find((partner) => partner.partnerId === partnerId)?.name ?? partnerId;
  const table = partners.length === 0
    ? html`<p>${emptyListWords(context, paging, t.empty)}</p>`
    : html`<table class="cards"><caption>${t.intro(tenantId)}</caption>
<thead><tr><th scope="col">${t.partner}</th><th scope="col">${t.kind}</th><th scope="col">${t.acceptedAt}</th><th scope="col">${t.dap}</th><th scope="col">${t.authorised}</th><th scope="col">${t.revocation}</th><th scope="col">${t.actions}</th></tr></thead>
<tbody>${partners.map((partner) => row(partner, context, nameOf))}</tbody></table>`;
  const main = partners.length === 0 ? html`<p>${t.intro(tenantId)}</p>${table}` : table;
  return layout(context, { title: t.title, main: html`${main}${pager(context, paging)}`, notices });
};
