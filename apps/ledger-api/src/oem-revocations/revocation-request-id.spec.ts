import { randomUUID } from 'node:crypto';
import { newRevocationRequestId, subjectOfRevocationRequest } from './revocation-request-id.js';

describe('revocation request ids', () => {
  it('carry the relationship they are about, and the unique id given', () => {
    const subject = { partnerId: 'oem-devices', customerTenantId: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10' };
    const uuid = randomUUID();
    const first = newRevocationRequestId(subject, uuid);
    expect(subjectOfRevocationRequest(first)).toEqual(subject);
    expect(first.endsWith(`.${uuid}`)).toBe(true);
    expect(newRevocationRequestId(subject, randomUUID())).not.toBe(first);
  });

  it('name nothing when malformed', () => {
    for (const id of ['', 'x', 'a.b', 'a.b.c', `${Buffer.from('only-one').toString('base64url')}.0b6c1c1e-3c1a-4b55-9b8e-1d2f3a4b5c6d`]) {
      expect(subjectOfRevocationRequest(id)).toBeUndefined();
    }
  });
});
