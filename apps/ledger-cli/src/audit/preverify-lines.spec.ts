import { leafHash, linkEvent, withChainLink } from '@ledger/ledger-proofs';
import {
  CHAIN_AT,
  chunkBuffers,
  chunkText,
  F64_PER_LEAF,
  LEAF_BYTES,
  LEAF_HASH_AT,
  PREVIOUS_AT,
  preverifyChunk,
  U32_PER_LEAF,
  type PreverifiedBatch,
} from './preverify-lines.js';

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

const preverify = (lines: string[]): PreverifiedBatch => {
  const bytes = Buffer.from(lines.join('\n'));
  const buffers = chunkBuffers(bytes.length + 16);
  buffers.chunk.set(bytes);
  return preverifyChunk(buffers, bytes.length);
};

const leafOf = (batch: PreverifiedBatch, leaf: number) => {
  const f64 = new Float64Array(batch.leaves.buffer, 0, batch.leafCount * F64_PER_LEAF);
  const u32 = new Uint32Array(batch.leaves.buffer, 0, batch.leafCount * U32_PER_LEAF);
  const at = leaf * LEAF_BYTES;
  const hex = (from: number): string => Buffer.from(batch.leaves.subarray(at + from, at + from + 32)).toString('hex');
  return {
    stream: batch.streams[u32[leaf * U32_PER_LEAF + 8]!],
    revision: f64[leaf * F64_PER_LEAF],
    position: f64[leaf * F64_PER_LEAF + 1],
    claimedLeafIndex: f64[leaf * F64_PER_LEAF + 2],
    text: chunkText(batch).slice(u32[leaf * U32_PER_LEAF + 6], u32[leaf * U32_PER_LEAF + 7]),
    previous: u32[leaf * U32_PER_LEAF + 9] === 1 ? null : hex(PREVIOUS_AT),
    chainHash: hex(CHAIN_AT),
    leafHash: hex(LEAF_HASH_AT),
  };
};

const gapsOf = (batch: PreverifiedBatch): Array<{ before: number; lines: string[] }> =>
  Array.from({ length: batch.gapCount }, (_, g) => ({
    before: batch.gaps[3 * g]!,
    lines: chunkText(batch).slice(batch.gaps[3 * g + 1], batch.gaps[3 * g + 2]).split('\n'),
  }));

describe('preverifyChunk', () => {
  const first = line(0, null, { n: 0 });
  const second = line(1, first.chainHash, { n: 1, text: 'naïve €' });

  it('recomputes each leaf event on its own: its fields, its line, chain digest and leaf hash', () => {
    const batch = preverify([first.text, second.text]);
    expect(batch).toMatchObject({ leafCount: 2, gapCount: 0, streams: ['s'] });
    expect(leafOf(batch, 0)).toMatchObject({ stream: 's', revision: 0, position: 100, claimedLeafIndex: 0, previous: null, text: first.text });
    expect(leafOf(batch, 1)).toEqual({
      stream: 's',
      revision: 1,
      position: 101,
      claimedLeafIndex: 1,
      text: second.text,
      previous: first.chainHash,
      chainHash: second.chainHash,
      leafHash: leafHash(Buffer.from(second.chainHash, 'hex')).toString('hex'),
    });
  });

  it('leaves in runs, for the careful path, whatever it cannot vouch for: an edited event, a broken line, a blank one', () => {
    const edited = second.text.replace('"n":1', '"n":2');
    const batch = preverify([first.text, edited, '{"stream":', '', first.text]);
    expect(batch.leafCount).toBe(2);
    expect(gapsOf(batch)).toEqual([{ before: 1, lines: [edited, '{"stream":', ''] }]);
    expect(leafOf(batch, 1).text).toBe(first.text);
  });

  it('leaves a position too long to be an exact number to the careful path', () => {
    const long = first.text.replace('"position":"100"', '"position":"12345678901234567890"');
    const batch = preverify([long]);
    expect(batch.leafCount).toBe(0);
    expect(gapsOf(batch)).toEqual([{ before: 0, lines: [long] }]);
  });
});
