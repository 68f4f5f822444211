import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode } from '@ledger/esdb-node';
import { buildService, type BuiltService } from './support/built-service.js';
import { startNode } from './support/child-process.js';

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
});
