import { isHexDigest, type HexDigest } from '../digest.js';
import { chainHash } from './chain-hash.js';
import { eventContentHash, type EventContent } from './event-content-hash.js';

/** The member of an event's metadata that carries its chain link. */
export const CHAIN_METADATA_KEY = 'ledgerChain';

/** What each event's metadata carries under `CHAIN_METADATA_KEY`. */
export interface ChainLink {
  /** `eventContentHash` of this event. */
  contentHash: HexDigest;
  /** The chain hash of the previous event of the same stream; null for revision 0. */
  previousChainHash: HexDigest | null;
  /** `chainHash(previousChainHash, contentHash)`: the next event's `previousChainHash`; this event's Merkle leaf. */
  chainHash: HexDigest;
}

/**
 * Computes the link of an event about to be appended. The previous chain hash is known at append time because the
 * append carries an expected revision: if another writer got there first, the append fails and is retried with the
 * new head, so two events can never claim the same predecessor.
 */
export const linkEvent = (content: EventContent, previousChainHash: HexDigest | null): ChainLink => {
  const contentHash = eventContentHash(content);
  return { contentHash, previousChainHash, chainHash: chainHash(previousChainHash, contentHash) };
};

/** The metadata to store: the event's own metadata plus its chain link. */
export const withChainLink = (
  metadataWithoutChain: Record<string, unknown> | null | undefined,
  link: ChainLink,
): Record<string, unknown> => ({ ...(metadataWithoutChain ?? {}), [CHAIN_METADATA_KEY]: link });

/** Splits recorded metadata into the chain link (undefined when absent or malformed) and the rest. */
export const splitChainLink = (
  metadata: Record<string, unknown> | null | undefined,
): { link: ChainLink | undefined; metadataWithoutChain: Record<string, unknown> } => {
  const { [CHAIN_METADATA_KEY]: candidate, ...metadataWithoutChain } = metadata ?? {};
  return { link: isChainLink(candidate) ? candidate : undefined, metadataWithoutChain };
};

export const isChainLink = (candidate: unknown): candidate is ChainLink => {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const link = candidate as Record<string, unknown>;
  return (
    isHexDigest(link['contentHash']) &&
    isHexDigest(link['chainHash']) &&
    (link['previousChainHash'] === null || isHexDigest(link['previousChainHash']))
  );
};
