import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryInUseError, lockDirectory } from './directory-lock.js';

/** A child process that takes the lock, says so on stdout, then waits to be killed. */
const holdInChild = (directory: string) => {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `
      import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(join(directory, 'test.lock'))}, { timeout: 0 });
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('held\\n');
      setInterval(() => undefined, 1000);
    `],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
  });
  return { child, held };
};

describe('lockDirectory', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'directory-lock-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses a second holder in the same process until the first releases', () => {
    const first = lockDirectory(directory, 'test.lock', 'test holder');
    expect(() => lockDirectory(directory, 'test.lock', 'test holder')).toThrow(DirectoryInUseError);
    expect(() => lockDirectory(directory, 'test.lock', 'test holder')).toThrow(/is in use: another test holder holds .*test\.lock/);
    first.release();
    first.release();
    lockDirectory(directory, 'test.lock', 'test holder').release();
  });

  it('guards each lock name on its own, and creates the folder', () => {
    const nested = join(directory, 'a', 'b');
    const one = lockDirectory(nested, 'one.lock', 'test holder');
    const two = lockDirectory(nested, 'two.lock', 'test holder');
    one.release();
    two.release();
  });

  it('refuses while another process holds it, and is free again once that process is killed', async () => {
    const holder = holdInChild(directory);
    try {
      await holder.held;
      expect(() => lockDirectory(directory, 'test.lock', 'test holder')).toThrow(DirectoryInUseError);
    } finally {
      const exited = new Promise((resolve) => holder.child.once('exit', resolve));
      holder.child.kill('SIGKILL');
      await exited;
    }
    lockDirectory(directory, 'test.lock', 'test holder').release();
  });

  it('names the folder it cannot use, when a file stands where the folder should be', async () => {
    const file = join(directory, 'a-file');
    await writeFile(file, 'not a folder');
    expect(() => lockDirectory(file, 'test.lock', 'test holder')).toThrow(`cannot use ${file} as a folder: EEXIST`);
  });
});
