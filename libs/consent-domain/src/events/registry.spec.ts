import { LEDGER_EVENT_SCHEMAS, LEDGER_EVENT_TYPES } from './registry.js';
import { liftToCurrent, UnreadableEventError, upcast, upcastStored } from './upcast.js';

describe('the ledger event registry', () => {
  it('lists every event type the read side subscribes to', () => {
    expect([...LEDGER_EVENT_TYPES].sort()).toEqual(
      [
        'ConsentAccepted',
        'ConsentRequestAccepted',
        'ConsentRequestCancelled',
        'ConsentRequested',
        'DapRemoved',
        'OemConsentLinkIssued',
        'OemConsentLinkRequested',
        'OemDirectApiEligibilityChanged',
        'OemRevocationCompleted',
        'OemRevocationRejected',
        'OemRevocationRequested',
        'PartnerEnrolled',
      ].sort(),
    );
    for (const type of LEDGER_EVENT_TYPES) expect(LEDGER_EVENT_SCHEMAS[type].type).toBe(type);
  });
});

describe('upcast', () => {
  const dapRemoved = { schemaVersion: 1, partnerId: 'P1', customerTenantId: 'T1', removedBy: { sub: 's', tenantId: 'T1' }, removedAt: '2026-03-01T00:00:00.000Z' };

  it('returns a current-version event as it is', () => {
    expect(upcast('DapRemoved', 1, dapRemoved)).toEqual({ type: 'DapRemoved', data: dapRemoved });
    expect(upcastStored('DapRemoved', dapRemoved)).toEqual({ type: 'DapRemoved', data: dapRemoved });
  });

  it('reads data without a schemaVersion as v1', () => {
    const { schemaVersion: _v, ...unversioned } = dapRemoved;
    expect(upcastStored('DapRemoved', unversioned)).toEqual({ type: 'DapRemoved', data: dapRemoved });
  });

  it('refuses, saying what to do, a type that is not ours or a version from the future', () => {
    expect(() => upcast('$metadata', 1, {})).toThrow(UnreadableEventError);
    expect(() => upcast('DapRemoved', 2, dapRemoved)).toThrow(/DapRemoved v2 is unknown to this build/);
    expect(() => upcast('DapRemoved', 0, dapRemoved)).toThrow(UnreadableEventError);
  });

  it('walks the upcaster path one version at a time', () => {
    // A schema as DapRemoved's will look once it has a v3: the path v1 -> v2 -> v3.
    const v3 = {
      type: 'DapRemoved',
      currentVersion: 3,
      upcasters: {
        1: (v1: Readonly<Record<string, unknown>>) => ({ ...v1, schemaVersion: 2, channel: 'M365_ADMIN_CENTER' }),
        2: (v2: Readonly<Record<string, unknown>>) => ({ ...v2, schemaVersion: 3, note: null }),
      },
    };
    expect(liftToCurrent(v3, 1, dapRemoved)).toEqual({ ...dapRemoved, schemaVersion: 3, channel: 'M365_ADMIN_CENTER', note: null });
    expect(liftToCurrent(v3, 2, { ...dapRemoved, schemaVersion: 2, channel: 'X' })).toEqual({ ...dapRemoved, schemaVersion: 3, channel: 'X', note: null });
    expect(() => liftToCurrent({ ...v3, upcasters: { 1: v3.upcasters[1] } }, 1, dapRemoved)).toThrow(/no upcaster from v2 to v3/);
  });
});
