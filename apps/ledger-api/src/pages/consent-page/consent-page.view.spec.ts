import type { ConsentAcceptedAnswer, ConsentLinkShown } from '../shared/contract.js';
import { pageContextIn } from '../testing/page-context.test.js';
import { acceptedPage, consentPage } from './consent-page.view.js';

const TENANT = '11111111-1111-4111-8111-111111111111';

const contextIn = (language: 'en' | 'fr') => pageContextIn(language, '/consent-links/token');

const resellerLink: ConsentLinkShown = {
  linkKind: 'CSP_CONSENT_REQUEST',
  partner: { partnerId: 'tailspin-res', name: 'Tailspin Resellers', kind: 'CSP_INDIRECT_RESELLER' },
  indirectProvider: { partnerId: 'fabrikam-dist', name: 'Fabrikam Distribution', kind: 'CSP_INDIRECT_PROVIDER' },
  status: 'pending',
  delegatedAdminRequested: false,
  adminRoles: [],
  expiresAt: '2026-04-01T09:00:00.000Z',
  requiresCloudNativeAccount: false,
};
const { indirectProvider: _none, ...directLink } = { ...resellerLink, partner: { partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' } };

const resellerConsent: ConsentAcceptedAnswer = {
  partnerId: 'tailspin-res',
  partnerKind: 'CSP_INDIRECT_RESELLER',
  indirectProviderId: 'fabrikam-dist',
  customerTenantId: TENANT,
  delegatedAdminGranted: false,
  adminRoles: [],
  acceptedAt: '2026-03-03T08:12:00.000Z',
};
const { indirectProviderId: _noProvider, ...directConsent } = { ...resellerConsent, partnerId: 'contoso-csp', partnerKind: 'CSP_DIRECT' };

describe('the consent page', () => {
  it('before accepting, an indirect reseller’s link says that its indirect provider is authorised too', () => {
    expect(consentPage(contextIn('en'), 'token', resellerLink).text).toContain(
      'Accepting also authorises Fabrikam Distribution, this reseller’s indirect provider',
    );
    expect(consentPage(contextIn('fr'), 'token', resellerLink).text).toContain('Accepter autorise aussi Fabrikam Distribution');
    expect(consentPage(contextIn('en'), 'token', directLink).text).not.toContain('indirect provider');
  });

  it('when DAP is asked, it says that the indirect provider gets the same delegated admin rights (the ledger records it so)', () => {
    const withDap = { ...resellerLink, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] };
    expect(consentPage(contextIn('en'), 'token', withDap).text).toContain('Fabrikam Distribution, this reseller’s indirect provider, to register devices for your organisation, and gives it the same delegated admin rights.');
    expect(consentPage(contextIn('fr'), 'token', withDap).text).toContain('et lui donne les mêmes droits d’administration délégués.');
    expect(consentPage(contextIn('en'), 'token', resellerLink).text).not.toContain('same delegated admin rights');
  });

  it('once accepted, it names the indirect provider the same consent authorised (by name, else by id)', () => {
    const en = acceptedPage(contextIn('en'), resellerLink, resellerConsent).text;
    expect(en).toContain('<dt>Indirect provider, authorised by the same consent</dt><dd>Fabrikam Distribution</dd>');
    expect(acceptedPage(contextIn('fr'), undefined, resellerConsent).text).toContain(
      '<dt>Fournisseur indirect, autorisé par le même consentement</dt><dd>fabrikam-dist</dd>',
    );
    expect(acceptedPage(contextIn('en'), directLink, directConsent).text).not.toContain('Indirect provider');
  });

  it('a link that can no longer be accepted says its state, not until when it is valid (both languages)', () => {
    const cancelled = { ...directLink, status: 'cancelled' };
    const oemLink: ConsentLinkShown = {
      linkKind: 'OEM_CONSENT_LINK',
      partner: { partnerId: 'oem-1', name: 'Devices Inc', kind: 'OEM' },
      status: 'replaced',
      delegatedAdminRequested: false,
      adminRoles: [],
      requiresCloudNativeAccount: true,
    };
    const en = consentPage(contextIn('en'), 'token', cancelled).text;
    expect(en).not.toContain('Valid until');
    expect(en).toContain('<p>Cancelled by the partner.</p>');
    expect(en).not.toContain('may accept');
    expect(consentPage(contextIn('fr'), 'token', cancelled).text).toContain('<p>Annulé par le partenaire.</p>');
    expect(consentPage(contextIn('fr'), 'token', cancelled).text).not.toContain('Valable jusqu');

    const replaced = consentPage(contextIn('en'), 'token', oemLink).text;
    expect(replaced).not.toContain('Valid until');
    expect(replaced).toContain('<p>Replaced by a newer link of the manufacturer.</p>');
    expect(consentPage(contextIn('fr'), 'token', oemLink).text).toContain('<p>Remplacé par un lien plus récent du fabricant.</p>');

    expect(consentPage(contextIn('en'), 'token', { ...directLink, status: 'expired' }).text).toContain('<p>Expired on 1 April 2026 at 09:00 UTC.</p>');
    expect(consentPage(contextIn('en'), 'token', { ...oemLink, status: 'active' }).text).toContain('Valid until the manufacturer’s link is replaced.');
    expect(consentPage(contextIn('en'), 'token', directLink).text).toContain('Valid until 1 April 2026 at 09:00 UTC');
  });
});
