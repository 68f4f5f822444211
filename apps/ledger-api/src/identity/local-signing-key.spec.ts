import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKeysDir, localSigningKeyPath } from './local-issuer.js';
import { loadOrCreateLocalSigningKey } from './local-signing-key.js';
import { mintLocalToken } from './local-token.js';
import { TokenVerifier } from './token-verifier.js';

describe('the local signing key', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'identity-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is created on first start under keys/, readable by its owner only, with no temporary file left', async () => {
    const key = await loadOrCreateLocalSigningKey(dataDir);
    expect(key.path).toBe(localSigningKeyPath(dataDir));
    expect((await stat(key.path)).mode & 0o777).toBe(0o600);
    expect(await readdir(localKeysDir(dataDir))).toEqual(['local-issuer.ed25519.jwk.json']);
  });

  it('is reused on later starts: tokens minted before a restart still verify after it', async () => {
    const first = await loadOrCreateLocalSigningKey(dataDir);
    const token = await mintLocalToken(dataDir, { sub: 'app-p1', tid: 't1', roles: ['partner'], partnerId: 'P1' });
    const second = await loadOrCreateLocalSigningKey(dataDir);
    expect(second.kid).toBe(first.kid);
    const restarted = await TokenVerifier.forConfig({ kind: 'local', dataDir });
    await expect(restarted.verify(token)).resolves.toMatchObject({ sub: 'app-p1' });
  });

  it('is the same key for processes that start together on one data dir', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalSigningKey(dataDir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect(await readdir(localKeysDir(dataDir))).toHaveLength(1);
  });

  it('is refused, with the command that fixes it, when other users can read it', async () => {
    const { path } = await loadOrCreateLocalSigningKey(dataDir);
    await chmod(path, 0o644);
    await expect(loadOrCreateLocalSigningKey(dataDir)).rejects.toThrow(`run "chmod 600 ${path}"`);
  });
});
