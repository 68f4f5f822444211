import { AuditUsageError, parseAuditArgs } from './audit-args.js';

describe('npm run audit arguments', () => {
  it('reads verify with its key and optional trusted checkpoint', () => {
    expect(parseAuditArgs(['verify', 'e.ndjson', '--jwks', 'k.json'])).toEqual({
      command: 'verify',
      files: { exportFile: 'e.ndjson', jwksFile: 'k.json' },
    });
    expect(parseAuditArgs(['verify', 'e.ndjson', '--jwks', 'k.json', '--trusted-checkpoint', 'c.json'])).toMatchObject({
      files: { trustedCheckpointFile: 'c.json' },
    });
  });

  it('reads export from a service, a connection string or a data dir', () => {
    expect(parseAuditArgs(['export', '--out', 'o', '--url', 'http://x', '--token', 't'])).toMatchObject({
      request: { out: 'o', source: { kind: 'service', url: 'http://x', token: 't' } },
    });
    expect(parseAuditArgs(['export', '--out', 'o', '--connection-string', 'esdb://h:1'])).toMatchObject({
      request: { source: { kind: 'store', connectionString: 'esdb://h:1' } },
    });
    expect(parseAuditArgs(['export', '--out', 'o', '--data-dir', 'd'])).toMatchObject({ request: { source: { kind: 'data-dir' } } });
  });

  it.each([
    [[], /name a command/],
    [['verify', 'e.ndjson'], /--jwks/],
    [['verify', '--jwks', 'k.json'], /one export file/],
    [['export', '--url', 'http://x', '--token', 't'], /--out/],
    [['export', '--out', 'o'], /exactly one source/],
    [['export', '--out', 'o', '--url', 'http://x'], /--token/],
    [['export', '--out', 'o', '--data-dir', 'd', '--connection-string', 'esdb://h:1'], /exactly one source/],
    [['verify', 'e', '--jwks', 'k', '--bogus'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseAuditArgs(argv as string[])).toThrow(AuditUsageError);
    expect(() => parseAuditArgs(argv as string[])).toThrow(message as RegExp);
  });
});
