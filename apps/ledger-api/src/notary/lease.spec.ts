import { notaryRole } from './lease.js';

describe('notary lease', () => {
  const lease = { notaryId: 'a', expiresAt: 10_000 };

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
});
