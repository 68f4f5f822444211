/**
 * `npm run token -- --roles partner --partner-id P1 --sub app-p1 --tid <tenant>`: mints one token signed by the
 * local issuer (the key in `${LEDGER_DATA_DIR}/keys/`, the same one the service trusts) and prints it as its last
 * line, for local use and tests. Refuses when the service is configured for an external identity provider.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../ledger-api/src/identity/actor.js';
import { externalIssuerRequested, DEFAULT_LEDGER_DATA_DIR } from '../../ledger-api/src/identity/identity-config.js';
import { DEFAULT_LOCAL_TOKEN_TTL, mintLocalToken, type LocalTokenClaims } from '../../ledger-api/src/identity/local-token.js';

export { mintLocalToken, type LocalTokenClaims } from '../../ledger-api/src/identity/local-token.js';

export const USAGE = `usage: npm run token -- --sub <subject> --tid <tenant id> [options]
  --roles <list>           app roles, comma-separated: ${ROLES.join(', ')} (none for a customer admin)
  --partner-id <id>        the partner a "partner" caller acts for (required with --roles partner)
  --wids <list>            Entra directory role ids, comma-separated (Global Administrator:
                           62e90394-69f5-4237-9190-012177145e10)
  --upn <name>             the user's sign-in name, e.g. admin@contoso.onmicrosoft.com
  --ttl <span>             lifetime: a number and s, m, h or d (default ${DEFAULT_LOCAL_TOKEN_TTL})
  --data-dir <dir>         where the local key lives (default $LEDGER_DATA_DIR, else ${DEFAULT_LEDGER_DATA_DIR})`;

/** Exit status for a refusal: bad arguments, or an external issuer configured. */
export const EXIT_REFUSED = 2;

export interface TokenCommandResult {
  readonly exitCode: number;
  /** Lines for stdout: the token is the last one. */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

const TTL_PATTERN = /^[1-9]\d*[smhd]$/;

class UsageError extends Error {}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const parseRoles = (value: string | undefined): Role[] =>
  list(value).map((role) => {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`--roles: "${role}" is not a role; use ${ROLES.join(', ')}`);
    }
    return role as Role;
  });

const readClaims = (args: readonly string[]): { claims: LocalTokenClaims; ttl: string; dataDir?: string } => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        roles: { type: 'string' },
        'partner-id': { type: 'string' },
        sub: { type: 'string' },
        tid: { type: 'string' },
        wids: { type: 'string' },
        upn: { type: 'string' },
        ttl: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.sub) throw new UsageError('--sub is required: the caller the token stands for');
  if (!values.tid) throw new UsageError("--tid is required: the caller's tenant id");
  const roles = parseRoles(values.roles);
  if (roles.includes('partner') && !values['partner-id']) {
    throw new UsageError('--roles partner needs --partner-id: the partner this caller acts for');
  }
  const ttl = values.ttl ?? DEFAULT_LOCAL_TOKEN_TTL;
  if (!TTL_PATTERN.test(ttl)) throw new UsageError(`--ttl "${ttl}" is not a lifetime: write e.g. 90s, 15m, 1h, 2d`);
  const wids = list(values.wids);
  const claims: LocalTokenClaims = {
    sub: values.sub,
    tid: values.tid,
    roles,
    ...(values['partner-id'] ? { partnerId: values['partner-id'] } : {}),
    ...(wids.length > 0 ? { wids } : {}),
    ...(values.upn ? { upn: values.upn } : {}),
  };
  return { claims, ttl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) };
};

/** The whole command, without touching the process: tests call it directly. */
export const runTokenCommand = async (
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<TokenCommandResult> => {
  if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, stdout: [USAGE], stderr: [] };
  if (externalIssuerRequested((name) => env[name])) {
    return {
      exitCode: EXIT_REFUSED,
      stdout: [],
      stderr: [
        'refusing to mint a local token: an external identity provider is configured (AUTH_JWKS_URL / AUTH_ISSUER / ' +
          'AUTH_AUDIENCE), so the service would not trust it. Get a token from that provider, or unset them.',
      ],
    };
  }
  try {
    const { claims, ttl, dataDir } = readClaims(args);
    // As the service reads it: an empty or blank LEDGER_DATA_DIR is unset.
    const keyDir = dataDir ?? (env.LEDGER_DATA_DIR?.trim() || DEFAULT_LEDGER_DATA_DIR);
    const token = await mintLocalToken(keyDir, claims, ttl);
    const who = [`sub=${claims.sub}`, `tid=${claims.tid}`, `roles=${claims.roles?.join(',') || '(none)'}`];
    if (claims.partnerId) who.push(`partner_id=${claims.partnerId}`);
    return { exitCode: 0, stdout: [token], stderr: [`local token (${who.join(' ')}), valid ${ttl}, key in ${keyDir}`] };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: EXIT_REFUSED, stdout: [], stderr: [error.message, USAGE] };
    throw error;
  }
};

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const result = await runTokenCommand(process.argv.slice(2), process.env);
  for (const line of result.stderr) process.stderr.write(`${line}\n`);
  for (const line of result.stdout) process.stdout.write(`${line}\n`);
  process.exitCode = result.exitCode;
}
