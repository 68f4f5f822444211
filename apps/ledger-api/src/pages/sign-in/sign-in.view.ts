import { html, type Html } from '../shared/html.js';
import { csrfField, layout, type Notice } from '../shared/layout.js';
import type { PageContext } from '../shared/page-context.js';
import type { SignInMode } from './sign-in-mode.js';

const field = (id: string, label: string, hint: string | undefined, input: Html): Html =>
  html`<div class="field"><label for="${id}">${label}</label>${hint === undefined ? '' : html`<p class="hint" id="${id}-hint">${hint}</p>`}${input}</div>`;

const localForm = (context: PageContext, returnTo: string): Html => {
  const t = context.messages.signIn;
  const roles = [
    ['customer', t.roleCustomer],
    ['support', t.roleSupport],
    ['auditor', t.roleAuditor],
    ['partner', t.rolePartner],
  ] as const;
  return html`<p class="local-banner" role="note">${t.localBanner}</p>
<form method="post" action="/sign-in" class="stacked">
  ${csrfField(context)}
  <input type="hidden" name="returnTo" value="${returnTo}">
  ${field('tenantId', t.tenant, t.tenantHint, html`<input type="text" id="tenantId" name="tenantId" required autocomplete="organization" aria-describedby="tenantId-hint">`)}
  ${field('signInName', t.signInName, t.signInNameHint, html`<input type="text" id="signInName" name="signInName" required autocomplete="username" aria-describedby="signInName-hint">`)}
  <div class="check"><input type="checkbox" id="globalAdmin" name="globalAdmin" value="yes"><label for="globalAdmin">${t.globalAdmin}</label></div>
  ${field('role', t.role, undefined, html`<select id="role" name="role">${roles.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select>`)}
  ${field('partnerId', t.partnerId, undefined, html`<input type="text" id="partnerId" name="partnerId">`)}
  <div><button type="submit">${t.submit}</button></div>
</form>`;
};

export const signInPage = (context: PageContext, mode: SignInMode, returnTo: string, notices: Notice[] = []): Html => {
  const t = context.messages.signIn;
  const main =
    mode.kind === 'local'
      ? localForm(context, returnTo)
      : html`<p><a class="button-link" href="/sign-in/oidc?returnTo=${encodeURIComponent(returnTo)}">${t.withProvider}</a></p>`;
  return layout(context, { title: t.title, main, notices });
};
