import { leafHash, linkEvent, withChainLink } from '@ledger/ledger-proofs';
import { DIGESTS_PER_LEAF, preverifyLines } from './preverify-lines.js';

const line = (revision: number, previous: string | null, data: Record<string, unknown>): { text: string; chainHash: string } => {
  const id = `00000000-0000-4000-8000-00000000000${revision}`;
  const link = linkEvent({ streamId: 's', revision, eventId: id, type: 'T', data, metadataWithoutChain: {} }, previous);
  const text = JSON.stringify({
    stream: 's',
    revision,
    position: String(100 + revision),
    id,
    type: 'T',
    data,
    metadata: withChainLink({}, link),
    recordedAt: '2026-03-01T10:00:00.000Z',
    hashes: { ...link, leafIndex: revision },
  });
  return { text, chainHash: link.chainHash };
};

describe('preverifyLines', () => {
  const first = line(0, null, { n: 0 });
  const second = line(1, first.chainHash, { n: 1 });

  it('recomputes each leaf event on its own: its fields, chain digest and leaf hash', () => {
    const batch = preverifyLines([first.text, second.text]);
    expect(batch.texts).toEqual([undefined, undefined]);
    expect(batch).toMatchObject({ streams: ['s', 's'], revisions: [0, 1], positions: ['100', '101'], claimedLeafIndexes: [0, 1] });
    expect(batch.previousChainHashes).toEqual([null, first.chainHash]);
    const digests = Buffer.from(batch.digests);
    expect(digests.length).toBe(2 * DIGESTS_PER_LEAF);
    expect(digests.subarray(64, 96).toString('hex')).toBe(second.chainHash);
    expect(digests.subarray(96, 128)).toEqual(leafHash(Buffer.from(second.chainHash, 'hex')));
  });

  it('hands back as text whatever it cannot vouch for: an edited event, a broken line, a blank one', () => {
    const edited = second.text.replace('"n":1', '"n":2');
    const batch = preverifyLines([first.text, edited, '{"stream":', '']);
    expect(batch.texts).toEqual([undefined, edited, '{"stream":', '']);
    expect(batch.streams).toEqual(['s']);
    expect(batch.digests.length).toBe(DIGESTS_PER_LEAF);
  });
});
