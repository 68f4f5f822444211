import { DEFAULT_CONSENT_LINK_TTL_SECONDS } from '@ledger/consent-domain';

/**
 * The longest a CSP consent link may live: Partner Center lets an unapproved request lapse after 90 days (domain.md,
 * "Consent links"), and a link must not outlive the request it stands for. It also keeps every expiry a valid date.
 */
export const MAX_CONSENT_LINK_TTL_SECONDS = 90 * 86_400;

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `CONSENT_LINK_TTL` in seconds: `30d`, `72h`, `90m`, `3600s` or `3600`; unset: 30 days. */
export const consentLinkTtlSeconds = (setting: string | undefined): number => {
  if (setting === undefined) return DEFAULT_CONSENT_LINK_TTL_SECONDS;
  const match = /^(\d+)([smhd]?)$/.exec(setting);
  if (match === null) throw new Error(`CONSENT_LINK_TTL=${setting} is not a duration such as 30d or 3600`);
  return Number(match[1]) * SECONDS_PER_UNIT[match[2] || 's']!;
};
