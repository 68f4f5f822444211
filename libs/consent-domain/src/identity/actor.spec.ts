import { acceptorOf, requireCloudNative, requireGlobalAdministratorOf } from './acceptance-rules.js';
import { actorRefOf, GLOBAL_ADMINISTRATOR_ROLE_ID, isCloudNative, isGlobalAdministrator, signInNameOf } from './actor.js';
import { DomainRefusal } from '../refusals/domain-refusal.js';

const TENANT = '11111111-1111-4111-8111-111111111111';

describe('actor rules', () => {
  it('a Global Administrator holds role template 62e90394-69f5-4237-9190-012177145e10 in wids', () => {
    expect(isGlobalAdministrator({ sub: 's', tid: TENANT, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID] })).toBe(true);
    expect(isGlobalAdministrator({ sub: 's', tid: TENANT, wids: ['f28a1f50-f6e7-4571-818b-6a12f2af6b6c'] })).toBe(false);
    expect(isGlobalAdministrator({ sub: 's', tid: TENANT })).toBe(false);
    // An app role is not a directory role.
    expect(isGlobalAdministrator({ sub: 's', tid: TENANT, roles: [GLOBAL_ADMINISTRATOR_ROLE_ID] })).toBe(false);
  });

  it('cloud-native means the sign-in domain ends in .onmicrosoft.com', () => {
    expect(isCloudNative('admin@contoso.onmicrosoft.com')).toBe(true);
    expect(isCloudNative('Admin@Contoso.OnMicrosoft.com')).toBe(true);
    expect(isCloudNative('admin@contoso.com')).toBe(false);
    expect(isCloudNative('admin@onmicrosoft.com')).toBe(false);
    expect(isCloudNative('admin@.onmicrosoft.com')).toBe(false);
    expect(isCloudNative('admin@contoso.onmicrosoft.com.evil.example')).toBe(false);
    expect(isCloudNative('contoso.onmicrosoft.com')).toBe(false);
    // A B2B guest: its account lives in another directory.
    expect(isCloudNative('alice_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe(false);
    expect(isCloudNative('alice_fabrikam.onmicrosoft.com#ext#@contoso.onmicrosoft.com')).toBe(false);
    expect(isCloudNative(undefined)).toBe(false);
  });

  it('the sign-in name is upn, else preferred_username', () => {
    expect(signInNameOf({ sub: 's', tid: TENANT, upn: 'a@x.onmicrosoft.com', preferred_username: 'b@y' })).toBe('a@x.onmicrosoft.com');
    expect(signInNameOf({ sub: 's', tid: TENANT, preferred_username: 'b@y.onmicrosoft.com' })).toBe('b@y.onmicrosoft.com');
    expect(actorRefOf({ sub: 's', tid: TENANT })).toEqual({ sub: 's', tenantId: TENANT });
  });

  it('acceptance needs a Global Administrator of that very tenant, and for an OEM a cloud-native account', () => {
    const admin = { sub: 'ga', tid: TENANT, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID], preferred_username: 'ga@contoso.com' };
    expect(() => requireGlobalAdministratorOf(admin, TENANT)).not.toThrow();
    expect(() => requireGlobalAdministratorOf(admin, '22222222-2222-4222-8222-222222222222')).toThrow(DomainRefusal);
    expect(() => requireCloudNative(admin)).toThrow(/cloud-native account/);
    expect(acceptorOf(admin)).toEqual({
      sub: 'ga',
      signInName: 'ga@contoso.com',
      tenantId: TENANT,
      globalAdministrator: true,
      cloudNative: false,
    });
  });
});
