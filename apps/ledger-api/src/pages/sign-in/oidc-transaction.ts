/**
 * What the browser keeps (an HttpOnly cookie, ten minutes) between leaving for the identity provider and coming
 * back: the PKCE verifier, the `state` and `nonce` the callback must match, and where to go afterwards.
 */
export interface OidcTransaction {
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
}

export const OIDC_COOKIE = 'ledger_oidc';
export const OIDC_COOKIE_SECONDS = 600;

const FIELDS = ['codeVerifier', 'state', 'nonce', 'returnTo'] as const;

export const encodeTransaction = (transaction: OidcTransaction): string => Buffer.from(JSON.stringify(transaction)).toString('base64url');

/** The transaction of the cookie, or undefined when there is none or it is not one of ours (then sign-in fails). */
export const decodeTransaction = (value: string | undefined): OidcTransaction | undefined => {
  if (value === undefined || value === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!FIELDS.every((field) => typeof parsed[field] === 'string' && parsed[field] !== '')) return undefined;
    const { codeVerifier, state, nonce, returnTo } = parsed as unknown as OidcTransaction;
    return { codeVerifier, state, nonce, returnTo };
  } catch {
    return undefined;
  }
};
