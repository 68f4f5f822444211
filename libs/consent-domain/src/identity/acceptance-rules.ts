import type { Acceptor } from '../events/consent-accepted.js';
import { refuse } from '../refusals/domain-refusal.js';
import { type Actor, isCloudNative, isGlobalAdministrator, signInNameOf } from './actor.js';

/**
 * Seed, step 2: only a Global Administrator of the customer's tenant may accept; anyone else sees a
 * clear refusal and nothing is granted.
 */
export const requireGlobalAdministratorOf = (actor: Actor, customerTenantId: string): void => {
  if (actor.tid !== customerTenantId) {
    refuse(
      'WRONG_TENANT',
      `this consent link is for tenant ${customerTenantId}, but you are signed in to tenant ${actor.tid}; sign in to ${customerTenantId} as its Global Administrator`,
    );
  }
  if (!isGlobalAdministrator(actor)) {
    refuse('NOT_GLOBAL_ADMIN', `only a Global Administrator of tenant ${customerTenantId} may accept`);
  }
};

/** Seed, "Autorisation OEM", step 2: the OEM link needs a cloud-native (`*.onmicrosoft.com`) account. */
export const requireCloudNative = (actor: Actor): void => {
  if (!isCloudNative(signInNameOf(actor))) {
    refuse(
      'NOT_CLOUD_NATIVE',
      `an OEM consent link must be accepted with a cloud-native account (<domain>.onmicrosoft.com); you signed in as ${signInNameOf(actor) ?? 'an account without a sign-in name'}`,
    );
  }
};

/** A customer administrator acts only on their own tenant (api.md: "a customer admin only on their own tid"). */
export const requireAdminOfTenant = (actor: Actor, customerTenantId: string): void => {
  if (actor.tid !== customerTenantId) {
    refuse('NOT_ADMIN_OF_TENANT', `you are signed in to tenant ${actor.tid} and may act only for it, not for ${customerTenantId}`);
  }
};

/** The acceptor as `ConsentAccepted` records it, once the rules above have passed. */
export const acceptorOf = (actor: Actor): Acceptor => {
  const signInName = signInNameOf(actor);
  return {
    sub: actor.sub,
    ...(signInName === undefined ? {} : { signInName }),
    tenantId: actor.tid,
    globalAdministrator: true,
    cloudNative: isCloudNative(signInName),
  };
};
