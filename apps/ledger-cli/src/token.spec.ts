import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVerifier } from '../../ledger-api/src/identity/token-verifier.js';
import { EXIT_REFUSED, runTokenCommand } from './token.js';

describe('the token CLI', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints, as its last line, a token the service trusts', async () => {
    const result = await runTokenCommand(
      ['--roles', 'partner', '--partner-id', 'P1', '--sub', 'app-p1', '--tid', 'tenant-p1', '--ttl', '15m', '--data-dir', dataDir],
      {},
    );
    expect(result.exitCode).toBe(0);
    const verifier = await TokenVerifier.forConfig({ kind: 'local', dataDir });
    await expect(verifier.verify(result.stdout.at(-1)!)).resolves.toEqual({
      sub: 'app-p1',
      tid: 'tenant-p1',
      roles: ['partner'],
      partnerId: 'P1',
      wids: [],
    });
  });

  it('mints a customer admin token with directory roles and a sign-in name, key dir from LEDGER_DATA_DIR', async () => {
    const result = await runTokenCommand(
      ['--sub', 'u1', '--tid', 'c1', '--wids', '62e90394-69f5-4237-9190-012177145e10,other', '--upn', 'ga@c1.onmicrosoft.com'],
      { LEDGER_DATA_DIR: dataDir },
    );
    const verifier = await TokenVerifier.forConfig({ kind: 'local', dataDir });
    await expect(verifier.verify(result.stdout.at(-1)!)).resolves.toMatchObject({
      roles: [],
      wids: ['62e90394-69f5-4237-9190-012177145e10', 'other'],
      signInName: 'ga@c1.onmicrosoft.com',
    });
  });

  it('takes an empty LEDGER_DATA_DIR as unset, as the service does: the key of ./data, not a keys folder in the working directory', async () => {
    const workingDir = await mkdtemp(join(tmpdir(), 'token-cli-cwd-'));
    const before = process.cwd();
    process.chdir(workingDir);
    try {
      const result = await runTokenCommand(['--sub', 'u1', '--tid', 'c1'], { LEDGER_DATA_DIR: '' });
      expect(result.exitCode).toBe(0);
      expect(existsSync(join(workingDir, 'keys'))).toBe(false);
      const verifier = await TokenVerifier.forConfig({ kind: 'local', dataDir: join(workingDir, 'data') });
      await expect(verifier.verify(result.stdout.at(-1)!)).resolves.toMatchObject({ sub: 'u1', tid: 'c1' });
    } finally {
      process.chdir(before);
      await rm(workingDir, { recursive: true, force: true });
    }
  });

  it('refuses when an external identity provider is configured', async () => {
    const result = await runTokenCommand(['--sub', 'x', '--tid', 't', '--data-dir', dataDir], {
      AUTH_ISSUER: 'https://login.microsoftonline.com/t/v2.0',
    });
    expect(result).toMatchObject({ exitCode: EXIT_REFUSED, stdout: [] });
    expect(result.stderr[0]).toMatch(/^refusing to mint a local token: an external identity provider is configured/);
  });

  it.each([
    [['--tid', 't'], '--sub is required'],
    [['--sub', 's', '--tid', 't', '--roles', 'admin'], '--roles: "admin" is not a role'],
    [['--sub', 's', '--tid', 't', '--roles', 'partner'], '--roles partner needs --partner-id'],
    [['--sub', 's', '--tid', 't', '--ttl', 'forever'], '--ttl "forever" is not a lifetime'],
    [['--sub', 's', '--tid', 't', '--colour', 'blue'], "Unknown option '--colour'"],
  ])('refuses %j with a message saying what to fix', async (args, message) => {
    const result = await runTokenCommand([...args, '--data-dir', dataDir], {});
    expect(result.exitCode).toBe(EXIT_REFUSED);
    expect(result.stderr[0]).toContain(message);
  });
});
