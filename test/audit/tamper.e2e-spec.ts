import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import {
  generateSigningKey,
  importSigningKey,
  leafHash,
  MerkleTreeBuilder,
  signCheckpoint,
  toJwks,
  type SignedCheckpoint,
} from '@ledger/ledger-proofs';
import { LedgerIndexer } from '../../apps/ledger-api/src/audit/ledger-index/ledger-indexer.js';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { Notary } from '../../apps/ledger-api/src/notary/notary.js';
import { runAuditCommand } from '../../apps/ledger-cli/src/audit.js';
import { auditEnvironment } from './support/audit-environment.js';
import { appendChained } from './support/chained-append.js';
import { parseLines, rechain, toText, type Line } from './support/export-tampering.js';

const MARKER = 'MARKER-7f3c1d';

describe('tampering is detected and named by npm run audit -- verify', () => {
  let api: LedgerApi;
  let dataDir: string;
  let jwksFile: string;
  let original: Line[];
  let variant = 0;

  const verify = async (lines: Line[] | string, extra: string[] = []) => {
    const file = join(dataDir, `variant-${++variant}.ndjson`);
    await writeFile(file, typeof lines === 'string' ? lines : toText(lines));
    const result = await runAuditCommand(['verify', file, '--jwks', jwksFile, ...extra]);
    return { ...result, report: result.stderr.join('\n') };
  };

  const lineOf = (lines: Line[], predicate: (line: Line) => boolean): number => lines.findIndex(predicate);
  const isEvent = (stream: string, revision: number) => (line: Line) => line.stream === stream && line.revision === revision;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-audit-tamper-'));
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    const store = api.app.get(EventStore);
    const record = async (stream: string, from: number, count: number) =>
      appendChained(
        store,
        stream,
        Array.from({ length: count }, (_, i) => ({ type: 'ProbeRecorded', data: { n: from + i, note: `${MARKER}-${stream}-${from + i}` } })),
      );
    const checkpoint = async (position: bigint) => {
      await api.app.get(LedgerIndexer).reached(position, 10_000);
      await api.app.get(Notary).checkpointNow();
    };
    for (let round = 0; round < 3; round++) {
      await record('stream-a', round * 3, 3);
      await record('stream-b', round * 2, 2);
      await checkpoint((await record('stream-c', round, 1)).position);
    }
    await record('stream-a', 9, 2);
    const auditor = await mintLocalToken(dataDir, { sub: 'auditor', tid: 'ops', roles: ['auditor'] });
    const out = join(dataDir, 'export.ndjson');
    jwksFile = join(dataDir, 'public-key.json');
    expect(await runAuditCommand(['export', '--out', out, '--url', api.url, '--token', auditor, '--jwks-out', jwksFile])).toMatchObject({
      exitCode: 0,
    });
    original = parseLines(await readFile(out, 'utf8'));
  });

  afterAll(async () => {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes the untouched export', async () => {
    const result = await verify(original);
    expect(result).toMatchObject({ exitCode: 0, stderr: [] });
    expect(result.stdout.join('\n')).toMatch(/3 signed checkpoints verified/);
    expect(result.stdout.join('\n')).toMatch(/2 events after the last checkpoint/);
  });

  it('names an event whose data lost or gained one byte', async () => {
    const at = lineOf(original, isEvent('stream-b', 3));
    const text = toText(original).split('\n');
    text[at] = text[at]!.replace(`${MARKER}-stream-b-3`, `${MARKER}-stream-b-4`);
    const result = await verify(text.join('\n'));
    expect(result.exitCode).toBe(1);
    expect(result.report).toContain(`FAILED at line ${at + 1} (event ${original[at]!.id}): edited`);
  });

  it('names the checkpoint when the attacker also recomputed the stream chain after the edit', async () => {
    const at = lineOf(original, isEvent('stream-b', 1));
    const edited = original.map((line, i) => (i === at ? { ...line, data: { ...line.data, n: 99 } } : line));
    const result = await verify(rechain(edited, 'stream-b'));
    expect(result.exitCode).toBe(1);
    const firstCheckpoint = lineOf(original, (line) => line.type === 'LedgerCheckpointed');
    expect(result.report).toContain(`FAILED at line ${firstCheckpoint + 1} (checkpoint of tree size 6): checkpoint-inconsistent`);
  });

  it('names a removed event', async () => {
    const at = lineOf(original, isEvent('stream-a', 4));
    const result = await verify(original.filter((_, i) => i !== at));
    expect(result.exitCode).toBe(1);
    expect(result.report).toMatch(/: removed\n.*revision 4 of stream stream-a is missing/);
  });

  it('catches the removal of the last events of a stream, which no chain can see', async () => {
    const tail = original.filter((line) => !(line.stream === 'stream-a' && line.revision >= 9));
    const bare = tail.map((line) => ({ ...line, hashes: { ...line.hashes, leafIndex: null } }));
    // The last two events were never checkpointed: the export is then only as good as its last checkpoint.
    expect((await verify(bare)).exitCode).toBe(0);
    const covered = original.filter((line) => !isEvent('stream-c', 2)(line));
    const result = await verify(covered.map((line) => ({ ...line, hashes: { ...line.hashes, leafIndex: null } })));
    expect(result.exitCode).toBe(1);
    expect(result.report).toMatch(/checkpoint of tree size 18\): checkpoint-beyond-events/);
  });

  it('names two swapped events: in one stream by the chain, across streams by the order', async () => {
    const a0 = lineOf(original, isEvent('stream-a', 0));
    const swappedInStream = [...original];
    [swappedInStream[a0], swappedInStream[a0 + 1]] = [swappedInStream[a0 + 1]!, swappedInStream[a0]!];
    const inStream = await verify(swappedInStream);
    expect(inStream.report).toMatch(/: reordered/);

    const b0 = lineOf(original, isEvent('stream-b', 0));
    const across = [...original];
    [across[b0 - 1], across[b0]] = [across[b0]!, across[b0 - 1]!];
    const acrossStreams = await verify(across);
    expect(acrossStreams.report).toContain(`FAILED at line ${b0} (event ${original[b0]!.id}): leaf-index-mismatch`);

    // With positions and leaf indexes rewritten to look right, the signed Merkle root still disagrees.
    const disguised = across.map((line, i) => ({ ...line, position: original[i]!.position, hashes: { ...line.hashes, leafIndex: null } }));
    expect((await verify(disguised)).report).toMatch(/checkpoint of tree size 6\): checkpoint-inconsistent/);
  });

  it("names a ledger event disguised in the notary's stream (its lease event replaced, its chain recomputed)", async () => {
    // The read models fold a ledger event whatever its stream; the notary's stream held no leaves, so an acceptance
    // written there, before a signed checkpoint, was covered by neither the Merkle tree nor a signature.
    const at = lineOf(original, (line) => line.type === 'NotaryElected');
    expect(at).toBeGreaterThan(0);
    const acceptance = {
      schemaVersion: 1,
      partnerId: 'p1',
      partnerKind: 'CSP_DIRECT',
      customerTenantId: 'aaaaaaaa-0000-4000-8000-00000000000a',
      link: { kind: 'CSP_CONSENT_REQUEST', requestId: 'req-1' },
      acceptedBy: { sub: 'ga', tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a', signInName: 'ga@a.onmicrosoft.com', globalAdministrator: true, cloudNative: true },
      delegatedAdminGranted: true,
      adminRoles: ['Helpdesk Administrator'],
      acceptedAt: new Date(0).toISOString(),
    };
    const disguised = original.map((line, i) => (i === at ? { ...line, type: 'ConsentAccepted', data: acceptance } : line));
    const result = await verify(rechain(disguised, 'ledger-checkpoints').map((line) => ({ ...line, hashes: { ...line.hashes, leafIndex: null } })));
    expect(result.exitCode).toBe(1);
    // Written after the first checkpoint's leaves, it is a leaf of the next checkpoint's tree, whose root disagrees.
    expect(result.report).toMatch(/checkpoint of tree size 12\): checkpoint-inconsistent/);
  });

  it('names a forged checkpoint (bad signature), even when its chain was recomputed', async () => {
    const at = lineOf(original, (line) => line.type === 'LedgerCheckpointed' && line.data.treeSize === 12);
    const forged = original.map((line, i) => (i === at ? { ...line, data: { ...line.data, time: new Date(0).toISOString() } } : line));
    const result = await verify(rechain(forged, 'ledger-checkpoints'));
    expect(result.exitCode).toBe(1);
    expect(result.report).toContain(`FAILED at line ${at + 1} (checkpoint of tree size 12): forged-checkpoint`);
    expect(result.report).toMatch(/forged or altered/);
  });

  it('names a validly signed checkpoint that rewrites history (a rogue notary with the key)', async () => {
    const key = importSigningKey(readFileSync(join(dataDir, 'keys', 'notary-ed25519.pem'), 'utf8'));
    const at = lineOf(original, (line) => line.type === 'LedgerCheckpointed' && line.data.treeSize === 12);
    const otherHistory = new MerkleTreeBuilder();
    for (let i = 0; i < 12; i++) otherHistory.appendLeaf(Buffer.alloc(32, i));
    const rewrite = signCheckpoint({ ...(original[at]!.data as SignedCheckpoint), rootHash: otherHistory.rootHex() }, key);
    const rewritten = original.map((line, i) => (i === at ? { ...line, data: { ...line.data, ...rewrite } } : line));
    const result = await verify(rechain(rewritten, 'ledger-checkpoints'));
    expect(result.exitCode).toBe(1);
    expect(result.report).toContain(`FAILED at line ${at + 1} (checkpoint of tree size 12): checkpoint-inconsistent`);
    expect(result.report).toMatch(/agree with the earlier checkpoint at tree size 6/);
  });

  it('holds an entirely re-signed rewritten history against a trusted checkpoint', async () => {
    const key = importSigningKey(readFileSync(join(dataDir, 'keys', 'notary-ed25519.pem'), 'utf8'));
    const trustedLine = original.find((line) => line.type === 'LedgerCheckpointed' && line.data.treeSize === 6)!;
    const trusted = join(dataDir, 'trusted.json');
    const { treeSize, rootHash, lastPosition, time, kid, signature } = trustedLine.data;
    await writeFile(trusted, JSON.stringify({ treeSize, rootHash, lastPosition, time, kid, signature }));
    // Rewrite one early event, recompute its chain, then re-sign every checkpoint over the new leaves.
    const at = lineOf(original, isEvent('stream-a', 1));
    let lines = rechain(original.map((line, i) => (i === at ? { ...line, data: { ...line.data, n: -1 } } : line)), 'stream-a');
    const tree = new MerkleTreeBuilder();
    lines = lines.map((line) => {
      if (line.stream !== 'ledger-checkpoints') {
        tree.appendLeafHash(leafHash(Buffer.from(line.metadata.ledgerChain.chainHash, 'hex')));
        return line;
      }
      if (line.type !== 'LedgerCheckpointed') return line;
      const replay = new MerkleTreeBuilder();
      for (const leafLine of lines.filter((l) => l.stream !== 'ledger-checkpoints').slice(0, line.data.treeSize)) {
        replay.appendLeafHash(leafHash(Buffer.from(leafLine.metadata.ledgerChain.chainHash, 'hex')));
      }
      return { ...line, data: { ...line.data, ...signCheckpoint({ ...line.data, rootHash: replay.rootHex() }, key) } };
    });
    lines = rechain(lines, 'ledger-checkpoints');
    expect((await verify(lines)).exitCode).toBe(0); // self-consistent: only an earlier, trusted checkpoint exposes it
    const result = await verify(lines, ['--trusted-checkpoint', trusted]);
    expect(result.exitCode).toBe(1);
    expect(result.report).toMatch(/trusted-checkpoint-inconsistent\n.*the history was rewritten since it was signed/);
  });

  it('refuses checkpoints signed by another key, a malformed line, and bad arguments', async () => {
    const otherJwks = join(dataDir, 'other-jwks.json');
    await writeFile(otherJwks, JSON.stringify(toJwks(generateSigningKey())));
    const file = join(dataDir, 'plain.ndjson');
    await writeFile(file, toText(original));
    const foreign = await runAuditCommand(['verify', file, '--jwks', otherJwks]);
    expect(foreign.exitCode).toBe(1);
    expect(foreign.stderr.join('\n')).toMatch(/forged-checkpoint\n.*no key with kid/);
    const garbled = await verify(`${toText(original.slice(0, 3))}{"not json\n`);
    expect(garbled.report).toContain('FAILED at line 4 (the export): malformed-line');
    expect((await runAuditCommand(['verify', file])).exitCode).toBe(2);
    expect((await runAuditCommand(['verify', join(dataDir, 'missing.ndjson'), '--jwks', jwksFile])).exitCode).toBe(2);
  });

  it('refuses to export from the data directory of a running service, naming the ways that work', async () => {
    const result = await runAuditCommand(['export', '--out', join(dataDir, 'while-running.ndjson'), '--data-dir', dataDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.join('\n')).toMatch(/its store is open in a running service or node .*writer\.lock.*--url with --token, or --connection-string/s);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
  });

  it("refuses to export a store whose database file had one byte of an event's data changed", async () => {
    await api.close();
    const file = join(dataDir, 'store', 'events.db');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(`${MARKER}-stream-b-3`));
    expect(at).toBeGreaterThan(0);
    bytes[at + MARKER.length + 3] = bytes[at + MARKER.length + 3]! ^ 0x01;
    writeFileSync(file, bytes);
    const out = join(dataDir, 'after-tamper.ndjson');
    const result = await runAuditCommand(['export', '--out', out, '--data-dir', dataDir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.join('\n')).toMatch(/stream "stream-b" revision 3.*checksum/s);
  });

  it('refuses to export from a data directory holding no event store, rather than export an empty ledger', async () => {
    const mistyped = join(dataDir, 'no-such-data-dir');
    const result = await runAuditCommand(['export', '--out', join(dataDir, 'empty.ndjson'), '--data-dir', mistyped]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.join('\n')).toMatch(/there is no event store there/);
    expect(existsSync(mistyped)).toBe(false);
  });
});
