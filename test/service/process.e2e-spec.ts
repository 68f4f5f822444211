import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmbeddedNode } from '@ledger/esdb-node';
import { buildService, type BuiltService } from './support/built-service.js';
import { freePort, startNode } from './support/child-process.js';

describe('the built service as a process', () => {
  let built: BuiltService;
  let dataDir: string;

  beforeAll(async () => {
    [built, dataDir] = await Promise.all([buildService(), mkdtemp(join(tmpdir(), 'ledger-process-'))]);
  });

  afterAll(async () => {
    await Promise.all([built?.remove(), rm(dataDir, { recursive: true, force: true })]);
  });

  it('a wrong configuration value: exit code 1 and one line naming it', async () => {
    const service = startNode(built.mainJs, [], { PORT: 'eighty', LEDGER_DATA_DIR: dataDir });
    expect(await service.exited).toBe(1);
    const lines = service.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid configuration: PORT="eighty" is not allowed: expected an integer from 0 to 65535 (0 picks a free port)',
    ]);
  });

  it('a wrong notary, AUTH_* or port setting found while starting: exit code 1 and the failure in one line, not also logged with its stack', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    const cases: [Record<string, string>, string][] = [
      [{ NOTARY: 'maybe' }, 'The ledger service could not start: Invalid configuration: NOTARY="maybe" is not allowed: expected on or off'],
      [{ AUTH_JWKS_URL: 'https://idp.example/keys' }, 'The ledger service could not start: AUTH_ISSUER, AUTH_AUDIENCE not set: set all of AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE to use an external identity provider, or none of them to use the local issuer'],
      [{ PORT: String(port) }, `The ledger service could not start: cannot listen on HOST=127.0.0.1 PORT=${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`],
    ];
    try {
      for (const [index, [setting, line]] of cases.entries()) {
        // The default log level: Nest's progress lines (info) may come; no other line but the one naming the failure.
        const environment = { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: join(dataDir, `start-fails-${index}`), EVENTSTORE_CONNECTION_STRING: '', ...setting };
        const service = startNode(built.mainJs, [], environment);
        expect(await service.exited).toBe(1);
        const lines = service.output().trim().split('\n');
        expect(lines.filter((text) => !text.startsWith('{"level":30,'))).toEqual([line]);
        expect(service.output()).not.toMatch(/\bat .+\.js:\d+/);
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('SIGTERM: closes everything and exits 0, leaving a store that opens cleanly', async () => {
    const service = startNode(built.mainJs, [], {
      PORT: '0',
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDir,
      EVENTSTORE_CONNECTION_STRING: '',
    });
    const listening = JSON.parse(await service.lineMatching(/Ledger API listening on/)) as { url: string };
    expect((await fetch(`${listening.url}/health/ready`)).status).toBe(200);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('SIGTERM received');

    // The embedded node checks the database's integrity when it opens it.
    const reopened = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    await reopened.stop();
  });

  it('a second signal during shutdown does not cut it short: still exits 0', async () => {
    const service = startNode(built.mainJs, [], {
      PORT: '0',
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: join(dataDir, 'twice'),
      EVENTSTORE_CONNECTION_STRING: '',
    });
    await service.lineMatching(/Ledger API listening on/);
    service.child.kill('SIGTERM');
    service.child.kill('SIGTERM');
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('received again');
  });

  it('a second service on the same data folder is refused at start; the first keeps serving; a crash leaves no stale lock', async () => {
    const shared = join(dataDir, 'shared');
    const environment = { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: shared, EVENTSTORE_CONNECTION_STRING: '' };
    const first = startNode(built.mainJs, [], environment);
    const listening = JSON.parse(await first.lineMatching(/Ledger API listening on/)) as { url: string };
    try {
      const second = startNode(built.mainJs, [], environment);
      expect(await second.exited).toBe(1);
      expect(second.output().trim().split('\n')).toEqual([
        `The ledger service could not start: ${join(shared)} is in use: another ledger service (or projections:rebuild) holds ${join(shared, 'ledger.lock')}. Stop it, or give this one a folder of its own.`,
      ]);
      // The embedded store's own writer is guarded too (a standalone node on the service's store folder).
      await expect(startEmbeddedNode({ dataDir: join(shared, 'store'), port: 0 })).rejects.toThrow(
        `is in use: another embedded event store node holds ${join(shared, 'store', 'writer.lock')}`,
      );
      const ready = await fetch(`${listening.url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    const restarted = startNode(built.mainJs, [], environment);
    await restarted.lineMatching(/Ledger API listening on/);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  });

  it('every CLI answers --help with its usage and exit code 0; projections:rebuild refuses an argument it does not take', async () => {
    const cli = (name: string) => join(dirname(built.storeJs), `${name}.js`);
    for (const name of ['store', 'token', 'audit', 'projections-rebuild']) {
      const help = startNode(cli(name), ['--help'], { LEDGER_DATA_DIR: join(dataDir, 'help') });
      expect(await help.exited).toBe(0);
      expect(help.output()).toMatch(/^usage:/);
    }
    const wrong = startNode(cli('projections-rebuild'), ['--data-dir', 'x'], { LEDGER_DATA_DIR: join(dataDir, 'help') });
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toMatch(/^unexpected argument --data-dir\nusage:/);
  });

  it('a port already taken: exit code 1 and one line naming HOST and PORT', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const service = startNode(built.mainJs, [], { PORT: String(port), HOST: '127.0.0.1', LEDGER_DATA_DIR: join(dataDir, 'port-taken'), EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'silent' });
      expect(await service.exited).toBe(1);
      expect(service.output().trim().split('\n')).toEqual([
        `The ledger service could not start: cannot listen on HOST=127.0.0.1 PORT=${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      ]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
