import type { Actor } from './actor.js';
import { CUSTOMER_ADMIN, decideAccess, type Caller } from './access-rules.js';

const partner = (partnerId?: string): Actor => ({
  sub: 'app',
  tid: 'partner-tenant',
  roles: ['partner'],
  wids: [],
  ...(partnerId === undefined ? {} : { partnerId }),
});
const support: Actor = { sub: 'ops', tid: 'operator', roles: ['support'], wids: [] };
const customerAdmin = (tid: string): Actor => ({ sub: 'user', tid, roles: [], wids: [] });
const partnerOrSupport: Caller[] = ['partner', 'support'];

describe('decideAccess', () => {
  it('holds a partner to its own partner id', () => {
    expect(decideAccess(partner('P1'), partnerOrSupport, { partnerId: 'P1' })).toEqual({ allowed: true });
    expect(decideAccess(partner('P1'), partnerOrSupport, { partnerId: 'P2' })).toEqual({
      allowed: false,
      code: 'NOT_THIS_PARTNER',
      detail: 'a partner acts only as itself: your token is for partner P1, not P2',
    });
  });

  it('refuses a partner token that names no partner on a partner route', () => {
    const decision = decideAccess(partner(), partnerOrSupport, { partnerId: 'P1' });
    expect(decision).toMatchObject({ allowed: false, code: 'PARTNER_ID_CLAIM_MISSING', detail: expect.stringContaining('no "partner_id" claim') });
  });

  it('lets a partner that is also support act for any partner', () => {
    const both: Actor = { ...partner('P1'), roles: ['partner', 'support'] };
    expect(decideAccess(both, partnerOrSupport, { partnerId: 'P2' }).allowed).toBe(true);
  });

  it('holds a partner to its own id even where support may not come', () => {
    const both: Actor = { ...partner('P1'), roles: ['partner', 'support'] };
    expect(decideAccess(both, ['partner'], { partnerId: 'P2' }).allowed).toBe(false);
  });

  it('holds a customer admin to its own tenant, and lets support through', () => {
    const admitted: Caller[] = [CUSTOMER_ADMIN, 'support'];
    expect(decideAccess(customerAdmin('C1'), admitted, { tenantId: 'C1' }).allowed).toBe(true);
    expect(decideAccess(customerAdmin('C1'), admitted, { tenantId: 'C2' }).allowed).toBe(false);
    expect(decideAccess(support, admitted, { tenantId: 'C2' }).allowed).toBe(true);
  });

  it('checks the tenant before the partner on a route with both (a customer removing a partner\'s DAP)', () => {
    const params = { tenantId: 'C1', partnerId: 'P1' };
    expect(decideAccess(customerAdmin('C1'), [CUSTOMER_ADMIN], params).allowed).toBe(true);
    expect(decideAccess(customerAdmin('C2'), [CUSTOMER_ADMIN], params).allowed).toBe(false);
    expect(decideAccess(partner('P1'), [CUSTOMER_ADMIN], params)).toEqual({
      allowed: false,
      code: 'ROLE_REQUIRED',
      detail: 'this operation needs a customer admin (a user token with no app role); your token has roles partner',
    });
  });

  it('names what the caller lacks when it has no app role', () => {
    expect(decideAccess(customerAdmin('C1'), ['support'], {})).toEqual({
      allowed: false,
      code: 'ROLE_REQUIRED',
      detail: 'this operation needs the "support" role; your token has no app role (a customer admin)',
    });
  });
});
