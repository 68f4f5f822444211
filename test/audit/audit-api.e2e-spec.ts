import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, verifyCheckpoint, type ChainLink, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { LedgerIndexer } from '../../apps/ledger-api/src/audit/ledger-index/ledger-indexer.js';
import { Notary } from '../../apps/ledger-api/src/notary/notary.js';
import { runAuditCommand } from '../../apps/ledger-cli/src/audit.js';
import { auditEnvironment } from './support/audit-environment.js';
import { appendChained } from './support/chained-append.js';
import {
  referenceConsistencyRoots,
  referenceInclusionRoot,
  referenceLeafHash,
  referenceRoot,
} from './support/merkle-reference.js';

describe('audit API: export, checkpoints, proofs, public key', () => {
  let api: LedgerApi;
  let dataDir: string;
  let auditor: string;
  let store: EventStore;
  const chainHashes: string[] = [];
  const eventIds: string[] = [];
  let first: SignedCheckpoint;
  let second: SignedCheckpoint;

  const get = (path: string, token = auditor): Promise<Response> =>
    fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  const record = async (stream: string, count: number): Promise<bigint> => {
    const outcome = await appendChained(
      store,
      stream,
      Array.from({ length: count }, (_, n) => ({ type: 'ProbeRecorded', data: { n, stream } })),
    );
    for (const event of (await store.readStream(stream)).slice(-count)) {
      eventIds.push(event.id);
      chainHashes.push((event.metadata[CHAIN_METADATA_KEY] as unknown as ChainLink).chainHash);
    }
    return outcome.position;
  };

  const checkpointAfter = async (position: bigint): Promise<SignedCheckpoint> => {
    expect(await api.app.get(LedgerIndexer).reached(position, 10_000)).toBe(true);
    const checkpoint = await api.app.get(Notary).checkpointNow();
    expect(checkpoint).toBeDefined();
    return checkpoint!;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-audit-api-'));
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    store = api.app.get(EventStore);
    auditor = await mintLocalToken(dataDir, { sub: 'auditor-1', tid: 'ops-tenant', roles: ['auditor'] });
  });

  afterAll(async () => {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the public key as a JWKS, to anyone', async () => {
    const response = await fetch(`${api.url}/v1/audit/public-key`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: unknown[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })]);
  });

  it('answers 404 problem+json before the first checkpoint, and 403 to a partner', async () => {
    const none = await get('/v1/audit/checkpoints/latest');
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const partner = await mintLocalToken(dataDir, { sub: 'p', tid: 't', roles: ['partner'], partnerId: 'p1' });
    expect((await get('/v1/audit/events', partner)).status).toBe(403);
  });

  it('signs checkpoints over the chained events in $all order and serves the latest', async () => {
    await record('relationship-p1_tenant-a', 3);
    await record('partner-p1', 2);
    first = await checkpointAfter(await record('relationship-p1_tenant-a', 2));
    expect(first.treeSize).toBe(7);
    expect(first.rootHash).toBe(referenceRoot(chainHashes.map((h) => referenceLeafHash(Buffer.from(h, 'hex')))));

    await record('partner-p2', 4);
    second = await checkpointAfter(await record('relationship-p1_tenant-a', 2));
    expect(second.treeSize).toBe(13);

    const latest = await get(`/v1/audit/checkpoints/latest?minPosition=${second.lastPosition!.commit}`);
    expect(latest.status).toBe(200);
    // Parsed here rather than by fetch: canonical JSON accepts plain objects of this realm only.
    const body = JSON.parse(await latest.text()) as SignedCheckpoint;
    expect(body).toEqual(second);
    const jwks = JSON.parse(await (await fetch(`${api.url}/v1/audit/public-key`)).text()) as unknown;
    expect(verifyCheckpoint(body, jwks)).toEqual({ ok: true });
  });

  it('proves inclusion of every event in a checkpoint, checked by an independent verifier', async () => {
    for (const [leafIndex, eventId] of eventIds.entries()) {
      const response = await get(`/v1/audit/proofs/inclusion?eventId=${eventId}&treeSize=${second.treeSize}`);
      expect(response.status).toBe(200);
      const proof = (await response.json()) as { leafIndex: number; treeSize: number; inclusionPath: string[]; leafHash: string };
      expect(proof.leafIndex).toBe(leafIndex);
      const leaf = referenceLeafHash(Buffer.from(chainHashes[leafIndex]!, 'hex'));
      expect(proof.leafHash).toBe(leaf.toString('hex'));
      expect(referenceInclusionRoot(proof.leafIndex, proof.treeSize, leaf, proof.inclusionPath)).toBe(second.rootHash);
    }
  });

  it('proves the second checkpoint extends the first, checked by an independent verifier', async () => {
    const response = await get(`/v1/audit/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`);
    expect(response.status).toBe(200);
    const proof = (await response.json()) as { consistencyPath: string[] };
    expect(referenceConsistencyRoots(first.treeSize, second.treeSize, first.rootHash, proof.consistencyPath)).toEqual([
      first.rootHash,
      second.rootHash,
    ]);
  });

  it('refuses proofs it cannot give with problem+json', async () => {
    expect((await get(`/v1/audit/proofs/consistency?from=5&to=3`)).status).toBe(400);
    expect((await get(`/v1/audit/proofs/consistency?from=1&to=9999`)).status).toBe(400);
    expect((await get(`/v1/audit/proofs/inclusion?eventId=${eventIds[12]}&treeSize=7`)).status).toBe(400);
    const unknown = await get('/v1/audit/proofs/inclusion?eventId=00000000-0000-4000-8000-000000000000&treeSize=7');
    expect(unknown.status).toBe(404);
    expect((await get('/v1/audit/proofs/inclusion?eventId=nope&treeSize=x')).status).toBe(400);
  });

  it('exports the ledger as NDJSON with hashes and leaf indexes; by stream and from a position', async () => {
    const response = await get('/v1/audit/events');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    const leaves = lines.filter((line) => line.stream !== 'ledger-checkpoints');
    expect(leaves.map((line) => line.id)).toEqual(eventIds);
    expect(leaves.map((line) => line.hashes.leafIndex)).toEqual(eventIds.map((_, i) => i));
    expect(leaves[0]).toMatchObject({
      stream: 'relationship-p1_tenant-a',
      revision: 0,
      position: expect.stringMatching(/^\d+$/),
      type: 'ProbeRecorded',
      data: { n: 0 },
      recordedAt: expect.stringMatching(/Z$/),
      hashes: { chainHash: chainHashes[0], previousChainHash: null, leafIndex: 0 },
    });
    expect(lines.filter((line) => line.type === 'LedgerCheckpointed').map((line) => line.data.treeSize)).toEqual([7, 13]);

    const byStream = (await (await get('/v1/audit/events?stream=partner-p2')).text()).trimEnd().split('\n');
    expect(byStream.map((line) => JSON.parse(line).hashes.leafIndex)).toEqual([7, 8, 9, 10]);
    const after = (await (await get(`/v1/audit/events?fromPosition=${leaves[10]!.position}`)).text()).trimEnd().split('\n');
    expect(after.map((line) => JSON.parse(line).id)).toEqual([eventIds[11], eventIds[12], lines.at(-1)!.id]);
    expect((await get('/v1/audit/events?fromPosition=-1')).status).toBe(400);
  });

  it('exports through the CLI from the running service, and the export verifies offline', async () => {
    const out = join(dataDir, 'export.ndjson');
    const jwks = join(dataDir, 'public-key.json');
    const exported = await runAuditCommand(['export', '--out', out, '--url', api.url, '--token', auditor, '--jwks-out', jwks]);
    expect(exported).toMatchObject({ exitCode: 0 });
    const trusted = join(dataDir, 'trusted.json');
    await writeFile(trusted, JSON.stringify(first));
    const verified = await runAuditCommand(['verify', out, '--jwks', jwks, '--trusted-checkpoint', trusted]);
    expect(verified.stderr).toEqual([]);
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout.join('\n')).toMatch(/OK: 16 events in 4 streams/);
    expect(verified.stdout.join('\n')).toMatch(/2 signed checkpoints verified/);
    expect((await readFile(out, 'utf8')).split('\n').length).toBe(17);
  });

  it('verifies what the write side records through the API (its chain links, its idempotency streams)', async () => {
    const support = await mintLocalToken(dataDir, { sub: 'support-1', tid: 'ops-tenant', roles: ['support'] });
    const enrolled = await fetch(`${api.url}/v1/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${support}`, 'content-type': 'application/json', 'idempotency-key': 'enrol-fabrikam' },
      body: JSON.stringify({ partnerId: 'fabrikam', name: 'Fabrikam', kind: 'CSP_DIRECT' }),
    });
    expect(enrolled.status).toBe(201);
    const position = enrolled.headers.get('ledger-position')!;
    expect(await api.app.get(LedgerIndexer).reached(BigInt(position), 10_000)).toBe(true);
    expect(await api.app.get(Notary).checkpointNow()).toBeDefined();
    const out = join(dataDir, 'export-with-writes.ndjson');
    const jwks = join(dataDir, 'public-key.json');
    expect(await runAuditCommand(['export', '--out', out, '--url', api.url, '--token', auditor])).toMatchObject({ exitCode: 0 });
    const verified = await runAuditCommand(['verify', out, '--jwks', jwks]);
    expect(verified).toMatchObject({ exitCode: 0, stderr: [] });
    expect(await readFile(out, 'utf8')).toContain('"type":"PartnerEnrolled"');
    expect(verified.stdout.join('\n')).toMatch(/3 signed checkpoints verified/);
  });
});
