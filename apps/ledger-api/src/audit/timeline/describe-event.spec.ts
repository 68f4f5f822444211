import { describeEvent } from './describe-event.js';

describe('timeline sentences', () => {
  it('says who accepted what, with or without DAP', () => {
    expect(
      describeEvent({
        type: 'ConsentAccepted',
        data: { partnerId: 'p1', partnerKind: 'CSP_DIRECT', delegatedAdminGranted: false, acceptedBy: { sub: 's', signInName: 'ga@c.onmicrosoft.com' } },
      }),
    ).toBe('ga@c.onmicrosoft.com, Global Administrator, accepted partner p1 (CSP_DIRECT) without DAP');
    expect(describeEvent({ type: 'OemRevocationRequested', data: { partnerId: 'o1', reason: 'gone' } })).toBe(
      'The customer asked support to revoke OEM o1: "gone"',
    );
  });

  it('falls back to the type for events it has no sentence for', () => {
    expect(describeEvent({ type: 'SomethingNew', data: {} })).toBe('SomethingNew recorded');
  });
});
