import { canonicalTenantId, type Actor as DomainActor, type EventMetadata } from '@ledger/consent-domain';
import type { Actor } from '../identity/index.js';

/**
 * The one bridge between the verified caller (`identity`'s Actor, claims already checked and renamed) and
 * the domain's Actor (claim names as in the token, which deciders read). Nothing else converts between them.
 * The tenant in its canonical spelling, as every tenant id the domain compares and records.
 */
export const toDomainActor = (actor: Actor): DomainActor => ({
  sub: actor.sub,
  tid: canonicalTenantId(actor.tid),
  roles: actor.roles,
  wids: actor.wids,
  ...(actor.partnerId === undefined ? {} : { partner_id: actor.partnerId }),
  ...(actor.signInName === undefined ? {} : { upn: actor.signInName }),
});

/** Who did it, as every event's metadata records it (the tenant in its canonical spelling, as in the data). */
export const metadataActorOf = (actor: Actor): EventMetadata['actor'] => ({
  sub: actor.sub,
  tid: canonicalTenantId(actor.tid),
  roles: [...actor.roles],
  ...(actor.signInName === undefined ? {} : { signInName: actor.signInName }),
  ...(actor.partnerId === undefined ? {} : { partnerId: actor.partnerId }),
});
