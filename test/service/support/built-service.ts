import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../../', import.meta.url));

export interface BuiltService {
  readonly mainJs: string;
  readonly storeJs: string;
  remove(): Promise<void>;
}

/**
 * Compiles apps and libs with swc into a folder of this suite's own under `.tmp/` (inside the
 * repository, so that node_modules resolve), for tests that must run the real processes. `npm test`
 * does not build, and a shared `dist/` could be rewritten by another suite while this one runs.
 */
export const buildService = async (): Promise<BuiltService> => {
  const outDir = join(repository, '.tmp', `service-build-${randomUUID().slice(0, 8)}`);
  await run(join(repository, 'node_modules', '.bin', 'swc'), ['apps', 'libs', '-d', outDir, '--copy-files', '--quiet'], {
    cwd: repository,
  });
  return {
    mainJs: join(outDir, 'apps', 'ledger-api', 'src', 'main.js'),
    storeJs: join(outDir, 'apps', 'ledger-cli', 'src', 'store.js'),
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
};
