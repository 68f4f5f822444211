import type { PartnerKind } from '../partner-kind.js';

/** Where a partner registers Autopilot devices. */
export const CHANNELS = ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV', 'OEM_DIRECT_API'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a partner's authorisation for a customer rests on. */
export const AUTHORISATION_BASES = ['DIRECT_CONSENT', 'VIA_RESELLER', 'OEM_CONSENT'] as const;
export type AuthorisationBasis = (typeof AUTHORISATION_BASES)[number];

export interface ChannelRule {
  readonly basis: AuthorisationBasis;
  readonly channels: readonly Channel[];
}

/**
 * domain.md, "Who may register devices, through which channel" (the seed's "Autorisation CSP" table):
 * the whole truth for the registration-authorisations read model and "Validate device submission data".
 */
export const CHANNEL_RULES: { readonly [Kind in PartnerKind]: ChannelRule } = Object.freeze({
  CSP_DIRECT: { basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] },
  // The seed: a reseller "must register devices through the Partner Center UI (uploading the CSV by hand)".
  CSP_INDIRECT_RESELLER: { basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_UI_CSV'] },
  CSP_INDIRECT_PROVIDER: { basis: 'VIA_RESELLER', channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] },
  OEM: { basis: 'OEM_CONSENT', channels: ['OEM_DIRECT_API'] },
});

export const channelRuleFor = (kind: PartnerKind): ChannelRule => CHANNEL_RULES[kind];

export const isChannel = (value: unknown): value is Channel =>
  typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
