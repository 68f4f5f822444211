import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreatePrivateFile, refuseIfReadableByOthers } from './private-file.js';

describe('a private file created once', () => {
  let dataDir: string;
  let created: number;
  const path = (): string => join(dataDir, 'keys', 'secret.key');
  const load = (): Promise<string> =>
    readOrCreatePrivateFile(path(), (at) => readFile(at, 'utf8'), () => `secret-${++created}`);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'private-file-'));
    created = 0;
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('is created on first use (0600 in a 0700 directory), then read as it is', async () => {
    expect(await load()).toBe('secret-1');
    expect((await stat(path())).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    expect(await load()).toBe('secret-1');
    expect(created).toBe(1);
  });

  it('is one file for callers that start together, with no temporary file left', async () => {
    const values = await Promise.all([load(), load(), load(), load()]);
    expect(new Set(values).size).toBe(1);
    expect(await readdir(join(dataDir, 'keys'))).toEqual(['secret.key']);
  });

  it('is refused, with the command that fixes it, when other users can read it', async () => {
    const open = join(dataDir, 'open.key');
    await writeFile(open, 'x');
    await chmod(open, 0o644);
    await expect(refuseIfReadableByOthers(open, 'the test key')).rejects.toThrow(
      `the test key ${open} is readable by other users (mode 644): run "chmod 600 ${open}"`,
    );
  });
});
