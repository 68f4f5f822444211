
/** The relationship an OEM revocation request is about. */
export interface RevocationSubject {
  readonly partnerId: string;
  readonly customerTenantId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Revocation request ids carry the relationship they are about (`<base64url(partner, tenant)>.<uuid>`),
 * so support's complete/reject finds the relationship's stream without a lookup. The id is opaque to
 * clients; an altered one names a relationship with no such request, which the decider answers with 404.
 * (The revocation queue read model can take this over; ids already issued keep working.)
 */
export const newRevocationRequestId = (subject: RevocationSubject, uuid: string): string =>
  `${Buffer.from(`${subject.partnerId}\n${subject.customerTenantId}`, 'utf8').toString('base64url')}.${uuid}`;

export const subjectOfRevocationRequest = (revocationRequestId: string): RevocationSubject | undefined => {
  const [encoded, uuid, ...rest] = revocationRequestId.split('.');
  if (encoded === undefined || uuid === undefined || rest.length > 0 || !UUID.test(uuid)) return undefined;
  const [partnerId, customerTenantId, ...more] = Buffer.from(encoded, 'base64url').toString('utf8').split('\n');
  if (!partnerId || !customerTenantId || more.length > 0) return undefined;
  return { partnerId, customerTenantId };
};
