/** The four kinds of partner of the seed's "Autorisation CSP" / "Autorisation OEM" sections. */
export const PARTNER_KINDS = ['CSP_DIRECT', 'CSP_INDIRECT_RESELLER', 'CSP_INDIRECT_PROVIDER', 'OEM'] as const;

export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const isPartnerKind = (value: unknown): value is PartnerKind =>
  typeof value === 'string' && (PARTNER_KINDS as readonly string[]).includes(value);
