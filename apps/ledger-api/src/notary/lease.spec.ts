import { notaryRole } from './lease.js';

describe('notary lease', () => {
  const lease = { notaryId: 'a', expiresAt: 10_000, recordedAt: 6_000 };

  it('lets the holder checkpoint while its lease runs, then re-claim', () => {
    expect(notaryRole(lease, 'a', 9_999, 5_000)).toBe('holder');
    expect(notaryRole(lease, 'a', 10_000, 5_000)).toBe('claim');
  });

  it('keeps another notary on standby until one lease period after the lease lapsed', () => {
    expect(notaryRole(lease, 'b', 9_000, 5_000)).toBe('standby');
    expect(notaryRole(lease, 'b', 14_999, 5_000)).toBe('standby');
    expect(notaryRole(lease, 'b', 15_000, 5_000)).toBe('claim');
  });

  it('lets anyone claim when nobody was ever elected', () => {
    expect(notaryRole(undefined, 'b', 0, 5_000)).toBe('claim');
  });

  it('holds a lease to one lease period from when it was recorded, whatever expiry its event claims', () => {
    const forged = { notaryId: 'x', expiresAt: Date.parse('9999-12-31T00:00:00Z'), recordedAt: 6_000 };
    expect(notaryRole(forged, 'b', 15_999, 5_000)).toBe('standby');
    expect(notaryRole(forged, 'b', 16_000, 5_000)).toBe('claim');
    expect(notaryRole(forged, 'x', 10_999, 5_000)).toBe('holder');
    expect(notaryRole(forged, 'x', 11_000, 5_000)).toBe('claim');
  });
});
