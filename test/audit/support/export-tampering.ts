import { CHAIN_METADATA_KEY, linkEvent, type ChainLink } from '@ledger/ledger-proofs';

/** An export line as the tests edit it. */
export type Line = Record<string, any>;

export const parseLines = (text: string): Line[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

export const toText = (lines: Line[]): string => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;

/**
 * What an attacker without the notary's key can always do after editing a stream: recompute its hash chain from the
 * first event on, so that the chain verifies again. Only the Merkle tree and the signed checkpoints stand then.
 */
export const rechain = (lines: Line[], stream: string): Line[] => {
  let previous: string | null = null;
  return lines.map((line) => {
    if (line.stream !== stream) return line;
    const { [CHAIN_METADATA_KEY]: _old, ...metadataWithoutChain } = line.metadata as Record<string, unknown>;
    const link: ChainLink = linkEvent(
      { streamId: line.stream, revision: line.revision, eventId: line.id, type: line.type, data: line.data, metadataWithoutChain },
      previous,
    );
    previous = link.chainHash;
    return { ...line, metadata: { ...metadataWithoutChain, [CHAIN_METADATA_KEY]: link }, hashes: { ...line.hashes, ...link } };
  });
};
