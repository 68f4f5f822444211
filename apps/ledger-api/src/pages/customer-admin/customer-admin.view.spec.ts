import type { CustomerPartner } from '../shared/contract.js';
import { pageContextIn } from '../testing/page-context.test.js';
import { customerAdminPage } from './customer-admin.view.js';

const TENANT = '11111111-1111-4111-8111-111111111111';

const contextIn = (language: 'en' | 'fr') => pageContextIn(language, '/admin');

const reseller: CustomerPartner = {
  partnerId: 'tailspin-res',
  name: 'Tailspin Resellers',
  kind: 'CSP_INDIRECT_RESELLER',
  acceptedAt: '2026-03-01T10:00:00.000Z',
  delegatedAdmin: true,
  authorised: true,
};
const provider: CustomerPartner = { ...reseller, partnerId: 'fabrikam-dist', name: 'Fabrikam Distribution', kind: 'CSP_INDIRECT_PROVIDER', viaResellerId: 'tailspin-res' };

describe('the customer admin page', () => {
  it("offers to remove DAP on the reseller's row only: an indirect provider's DAP is its reseller's, and it says so", () => {
    const page = customerAdminPage(contextIn('en'), TENANT, [reseller, provider], []).text;
    expect(page).toContain('action="/admin/partners/tailspin-res/remove-dap"');
    expect(page).not.toContain('/admin/partners/fabrikam-dist/remove-dap');
    expect(page).toContain('Through your reseller Tailspin Resellers: remove its delegated admin rights to remove these.');
    expect(customerAdminPage(contextIn('fr'), TENANT, [provider], []).text).toContain('Par votre revendeur tailspin-res');
  });

  it("names the reseller whose DAP the provider holds, not the one it is listed through", () => {
    const wingtip: CustomerPartner = { ...reseller, partnerId: 'wingtip-res', name: 'Wingtip Resellers' };
    const holding = { ...provider, delegatedAdminViaResellerIds: ['wingtip-res'] };
    const page = customerAdminPage(contextIn('en'), TENANT, [{ ...reseller, delegatedAdmin: false }, wingtip, holding], []).text;
    expect(page).toContain('Through your reseller Wingtip Resellers: remove its delegated admin rights to remove these.');
  });

  it('offers nothing about DAP to a partner without it', () => {
    const page = customerAdminPage(contextIn('en'), TENANT, [{ ...provider, delegatedAdmin: false }], []).text;
    expect(page).not.toContain('remove-dap');
    expect(page).not.toContain('Through your reseller');
  });
});
