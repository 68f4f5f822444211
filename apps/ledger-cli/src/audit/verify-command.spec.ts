import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, linkEvent, toJwks, withChainLink } from '@ledger/ledger-proofs';
import { verifyExportFile } from './verify-command.js';

/** Export lines of one chained stream, the second event's data a string of `bigBytes` characters. */
const exportLines = (events: number, bigBytes: number): string[] => {
  let previous: string | null = null;
  return Array.from({ length: events }, (_, revision) => {
    const id = `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`;
    const data = { n: revision, text: revision === 1 ? 'x'.repeat(bigBytes) : 'short' };
    const link = linkEvent({ streamId: 's', revision, eventId: id, type: 'T', data, metadataWithoutChain: {} }, previous);
    previous = link.chainHash;
    return JSON.stringify({
      stream: 's',
      revision,
      position: String(revision + 1),
      id,
      type: 'T',
      data,
      metadata: withChainLink({}, link),
      recordedAt: '2026-03-01T10:00:00.000Z',
      hashes: { ...link, leafIndex: revision },
    });
  });
};

describe('verifyExportFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verify-command-'));
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(toJwks(generateSigningKey())));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const verify = async (lines: string[]) => {
    const exportFile = join(dir, 'export.ndjson');
    await writeFile(exportFile, `${lines.join('\n')}\n`);
    return verifyExportFile({ exportFile, jwksFile: join(dir, 'jwks.json') }, undefined, { workers: 0 });
  };

  it('reads a line several times longer than a chunk, between short ones', async () => {
    const verdict = await verify(exportLines(2_000, 3 * 1024 * 1024));
    expect(verdict).toMatchObject({ ok: true, summary: { events: 2_000, leaves: 2_000 } });
  });

  it('names an edit inside that line', async () => {
    const lines = exportLines(2_000, 3 * 1024 * 1024);
    lines[1] = lines[1]!.replace('xxxxx', 'xxxxy');
    const verdict = await verify(lines);
    expect(verdict).toMatchObject({ ok: false, fault: { line: 2, kind: 'edited' } });
  });
});
