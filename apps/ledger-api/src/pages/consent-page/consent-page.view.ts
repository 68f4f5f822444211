import type { ConsentAcceptedAnswer, ConsentLinkShown } from '../shared/contract.js';
import { formKeyField } from '../shared/form-key.js';
import { html, type Html } from '../shared/html.js';
import { csrfField, formatDate, layout, type Notice } from '../shared/layout.js';
import type { PageContext } from '../shared/page-context.js';
import { signInPath } from '../shared/page-access.js';

const OPEN_STATUSES = new Set(['pending', 'active']);

const whatIsAsked = (link: ConsentLinkShown, context: PageContext): Html => {
  const t = context.messages.consent;
  const dap = link.linkKind === 'OEM_CONSENT_LINK'
    ? html`<p>${t.oemNoDap}</p>`
    : !link.delegatedAdminRequested
      ? html`<p>${t.noDap}</p>`
      : link.adminRoles.length === 0
        ? html`<p><strong>${t.dapAskedNoRoles}</strong></p>`
        : html`<p><strong>${t.dapAsked}</strong></p><ul>${link.adminRoles.map((role) => html`<li>${role}</li>`)}</ul>`;
  // The provider gets what the reseller gets: delegated admin rights too, when they are asked.
  const alsoProvider = link.delegatedAdminRequested ? t.alsoProviderDap : t.alsoProvider;
  const provider = link.indirectProvider === undefined ? '' : html`<p>${alsoProvider(link.indirectProvider.name)}</p>`;
  return html`<h2>${t.whatIsAsked}</h2><p>${t.registration}</p>${provider}${dap}`;
};

const validity = (link: ConsentLinkShown, context: PageContext): Html => {
  const t = context.messages.consent;
  // A link that can no longer be accepted says what became of it (and nobody may accept it any more).
  if (!OPEN_STATUSES.has(link.status)) {
    const state = link.status === 'expired' && link.expiresAt !== undefined ? t.expiredOn(formatDate(link.expiresAt, context)) : t.linkState[link.status];
    return state === undefined ? html`` : html`<p>${state}</p>`;
  }
  const until = link.expiresAt === undefined ? t.validUntilReplaced : `${t.validUntil} ${formatDate(link.expiresAt, context)}`;
  const who = link.requiresCloudNativeAccount ? t.whoMayAcceptOem : t.whoMayAccept;
  return html`<p>${until}</p><p>${who}</p>${link.customerTenantId === undefined ? '' : html`<p>${t.onlyTenant(link.customerTenantId)}</p>`}`;
};

const acceptForm = (token: string, context: PageContext): Html => {
  const t = context.messages.consent;
  return html`<form method="post" action="/consent-links/${encodeURIComponent(token)}/accept" class="stacked">
  ${csrfField(context)}
  ${formKeyField()}
  <div class="check"><input type="checkbox" id="yes" name="yes" value="yes"><label for="yes">${t.yesLabel}</label></div>
  <div><button type="submit">${t.accept}</button></div>
</form>`;
};

/** Before sign-in: the API shows a link only to a signed-in customer user, so the page asks for that first. */
export const signInFirstPage = (context: PageContext, returnTo: string): Html => {
  const t = context.messages.consent;
  const main = html`<p>${t.signInFirst}</p><p><a class="button-link" href="${signInPath(returnTo)}">${context.messages.nav.signIn}</a></p>`;
  return layout(context, { title: t.title, main });
};

/** Who asks, what, until when; the form when the link can still be accepted, else why not. */
export const consentPage = (context: PageContext, token: string, link: ConsentLinkShown, notices: Notice[] = []): Html => {
  const t = context.messages.consent;
  const statusWords = OPEN_STATUSES.has(link.status) ? undefined : (t.status[link.status] ?? link.status);
  const main = html`<h2>${t.whoAsks}</h2>
<dl class="facts"><dt>${t.partner}</dt><dd>${link.partner.name}</dd><dt>${t.kind}</dt><dd>${context.messages.kinds[link.partner.kind] ?? link.partner.kind}</dd></dl>
${whatIsAsked(link, context)}
${validity(link, context)}
${statusWords === undefined ? acceptForm(token, context) : html`<div class="notice info" role="status"><p>${statusWords}</p></div>`}`;
  return layout(context, { title: t.title, main, notices });
};

/** The link could not even be shown (unknown link, not a customer user): the refusal, and a way to switch account. */
export const refusedLinkPage = (context: PageContext, returnTo: string, words: string): Html => {
  const t = context.messages.consent;
  const main = html`<p><a href="${signInPath(returnTo)}">${t.signInOther}</a></p>`;
  return layout(context, { title: t.title, main, notices: [{ kind: 'refusal', text: words }] });
};

export const acceptedPage = (context: PageContext, link: ConsentLinkShown | undefined, accepted: ConsentAcceptedAnswer): Html => {
  const t = context.messages.consent;
  const partner = link?.partner.name ?? accepted.partnerId;
  const provider = link?.indirectProvider?.name ?? accepted.indirectProviderId;
  const main = html`<dl class="facts">
  <dt>${t.partner}</dt><dd>${partner}</dd>
  ${provider === undefined ? '' : html`<dt>${t.acceptedProvider}</dt><dd>${provider}</dd>`}
  <dt>${t.acceptedAt}</dt><dd>${formatDate(accepted.acceptedAt, context)}</dd>
  <dt>${t.dapGranted}</dt><dd>${accepted.delegatedAdminGranted ? `${context.messages.yes} (${accepted.adminRoles.join(', ') || '—'})` : context.messages.no}</dd>
</dl>`;
  return layout(context, {
    title: t.acceptedTitle,
    main,
    notices: [{ kind: 'success', text: t.accepted(partner, accepted.customerTenantId) }],
  });
};
