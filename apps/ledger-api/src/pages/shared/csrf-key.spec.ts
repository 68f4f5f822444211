import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csrfKeyPath, loadOrCreateCsrfKey } from './csrf-key.js';

describe('the pages’ CSRF key in LEDGER_DATA_DIR/keys', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csrf-key-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is created on first start, private (0600 in a 0700 directory), and reused afterwards', async () => {
    const first = await loadOrCreateCsrfKey(dataDir);
    expect(first).toHaveLength(32);
    expect((await stat(csrfKeyPath(dataDir))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    expect((await readFile(csrfKeyPath(dataDir), 'utf8')).trim()).toBe(first.toString('hex'));
    await expect(loadOrCreateCsrfKey(dataDir)).resolves.toEqual(first);
  });

  it('two instances starting together on one data dir get the same key, and no temporary file is left', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateCsrfKey(dataDir)));
    for (const key of keys) expect(key).toEqual(keys[0]);
    expect(await readdir(join(dataDir, 'keys'))).toEqual(['pages-csrf-hmac.key']);
  });

  it('refuses a key other users can read, and a file that holds no 32-byte key, saying what to do', async () => {
    await loadOrCreateCsrfKey(dataDir);
    await chmod(csrfKeyPath(dataDir), 0o644);
    await expect(loadOrCreateCsrfKey(dataDir)).rejects.toThrow(/readable by other users \(mode 644\): run "chmod 600/);
    await writeFile(csrfKeyPath(dataDir), 'abcd\n', { mode: 0o600 });
    await chmod(csrfKeyPath(dataDir), 0o600);
    await expect(loadOrCreateCsrfKey(dataDir)).rejects.toThrow(/does not hold a 32-byte hex key: remove it/);
  });
});
