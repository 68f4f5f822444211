import { parseArgs } from 'node:util';

type OptionsConfig = Record<string, { type: 'string' | 'boolean' }>;
import type { ExportRequest } from './export-command.js';
import type { VerifyFiles } from './verify-command.js';

export const AUDIT_USAGE = `usage:
  npm run audit -- verify <export.ndjson> --jwks <public-key.json> [--trusted-checkpoint <checkpoint.json>]
      Checks an export offline, trusting only the file and the key: every hash chain, the Merkle roots, each
      checkpoint's signature and its consistency with the earlier ones (and with the trusted checkpoint).
      Exit 0 when all holds, 1 naming the first event or checkpoint at fault, 2 on bad arguments or unreadable files.
  npm run audit -- export --out <file> (--url <service URL> --token <bearer token> [--jwks-out <file>]
                                        | --connection-string <esdb://...> | --data-dir <LEDGER_DATA_DIR>)
      Writes the whole ledger as NDJSON: from a running service (an auditor's token), or straight from the store
      (a connection string, or the service's data dir when the service is stopped).`;

export class AuditUsageError extends Error {
  override readonly name = 'AuditUsageError';
}

export type AuditCommand = { command: 'verify'; files: VerifyFiles } | { command: 'export'; request: ExportRequest };

const parse = (argv: readonly string[], options: OptionsConfig) => {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new AuditUsageError((error as Error).message);
  }
};

const verifyCommand = (argv: readonly string[]): AuditCommand => {
  const { values, positionals } = parse(argv, { jwks: { type: 'string' }, 'trusted-checkpoint': { type: 'string' } });
  if (positionals.length !== 1) throw new AuditUsageError('verify takes one export file');
  if (typeof values.jwks !== 'string') throw new AuditUsageError('--jwks <public-key.json> is required: the key to trust');
  const trusted = values['trusted-checkpoint'];
  return {
    command: 'verify',
    files: {
      exportFile: positionals[0]!,
      jwksFile: values.jwks,
      ...(typeof trusted === 'string' ? { trustedCheckpointFile: trusted } : {}),
    },
  };
};

const exportCommand = (argv: readonly string[]): AuditCommand => {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    'jwks-out': { type: 'string' },
    'connection-string': { type: 'string' },
    'data-dir': { type: 'string' },
  });
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (positionals.length > 0) throw new AuditUsageError(`unexpected argument ${positionals[0]}`);
  const out = text('out');
  if (!out) throw new AuditUsageError('--out <file> is required');
  const [url, token, connectionString, dataDir] = [text('url'), text('token'), text('connection-string'), text('data-dir')];
  const sources = [url, connectionString, dataDir].filter((s) => s !== undefined).length;
  if (sources !== 1) throw new AuditUsageError('give exactly one source: --url (with --token), --connection-string or --data-dir');
  const jwksOut = text('jwks-out');
  if (url !== undefined) {
    if (!token) throw new AuditUsageError('--url needs --token: an auditor token (npm run token -- --roles auditor ...)');
    return { command: 'export', request: { out, source: { kind: 'service', url, token }, ...(jwksOut ? { jwksOut } : {}) } };
  }
  const source = connectionString !== undefined ? { kind: 'store' as const, connectionString } : { kind: 'data-dir' as const, dataDir: dataDir! };
  return { command: 'export', request: { out, source } };
};

export const parseAuditArgs = (argv: readonly string[]): AuditCommand => {
  const [command, ...rest] = argv;
  if (command === 'verify') return verifyCommand(rest);
  if (command === 'export') return exportCommand(rest);
  throw new AuditUsageError(command === undefined ? 'name a command: verify or export' : `unknown command ${command}`);
};
