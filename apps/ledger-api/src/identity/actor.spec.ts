import { actorFromClaims, GLOBAL_ADMINISTRATOR_ROLE_ID, isCloudNative, isGlobalAdministrator, type Actor } from './actor.js';

const user = (overrides: Partial<Actor>): Actor => ({ sub: 'u', tid: 't', roles: [], wids: [], ...overrides });

describe('the Actor', () => {
  it('keeps known app roles only and reads the sign-in name from upn, else preferred_username', () => {
    expect(actorFromClaims({ sub: 's', tid: 't', roles: ['partner', 'Global.Admin'], preferred_username: 'a@b.com' })).toEqual({
      sub: 's',
      tid: 't',
      roles: ['partner'],
      wids: [],
      signInName: 'a@b.com',
    });
    expect(actorFromClaims({ sub: 's', tid: 't', upn: 'u@c.com', preferred_username: 'p@c.com' }).signInName).toBe('u@c.com');
  });

  it('refuses malformed claims, naming them', () => {
    expect(() => actorFromClaims({ sub: 's', tid: 't', roles: 'partner' })).toThrow('"roles" claim must be an array of strings');
    expect(() => actorFromClaims({ sub: 's', tid: 't', partner_id: 42 })).toThrow('"partner_id" claim must be a non-empty string');
    expect(() => actorFromClaims({ tid: 't' })).toThrow('no "sub" claim');
  });

  it('is a Global Administrator when wids holds the role template id', () => {
    expect(isGlobalAdministrator(user({ wids: ['other', GLOBAL_ADMINISTRATOR_ROLE_ID] }))).toBe(true);
    expect(isGlobalAdministrator(user({ wids: ['other'] }))).toBe(false);
  });

  it.each([
    ['admin@contoso.onmicrosoft.com', true],
    ['Admin@Contoso.OnMicrosoft.COM', true],
    ['admin@contoso.com', false],
    ['admin@onmicrosoft.com', false],
    ['admin@contoso.onmicrosoft.com.evil.example', false],
    ['not-an-address', false],
  ])('%s is cloud-native: %s', (signInName, expected) => {
    expect(isCloudNative(user({ signInName }))).toBe(expected);
  });

  it('is not cloud-native without a sign-in name', () => {
    expect(isCloudNative(user({}))).toBe(false);
  });
});
