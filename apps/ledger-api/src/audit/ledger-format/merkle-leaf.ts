import { CHAIN_METADATA_KEY, digestBytes, isChainLink } from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, NOTARY_ELECTED } from './checkpoint-stream.js';

/** The few fields of an event that decide whether, and as what, it is a Merkle leaf. */
export interface LeafCandidate {
  readonly stream: string;
  readonly type: string;
  readonly metadata: Readonly<Record<string, unknown>> | null | undefined;
}

/**
 * What a Merkle leaf is, in one place for the service, the export and the offline verifier: every non-system event
 * (its type does not start with `$`) that carries a well-formed chain link, in `$all` order, but the notary's own
 * (`NotaryElected` and `LedgerCheckpointed` in its stream); the leaf is the 32 bytes of its chain hash. The
 * checkpoints are left out because a checkpoint attests the tree before it: it cannot be a leaf of that tree. Any
 * other event in the notary's stream is a leaf like any other: the read models fold a ledger event whatever its
 * stream, so one written there must be covered by the tree. An event without a chain link is no leaf; the verifier
 * reports it as unchained.
 */
export const merkleLeafOf = (event: LeafCandidate, options: { linkChecked?: boolean } = {}): Buffer | undefined => {
  if (event.type.startsWith('$') || isNotarysOwn(event)) return undefined;
  const link = event.metadata?.[CHAIN_METADATA_KEY] as { chainHash: string } | undefined;
  // `linkChecked`: the caller (the offline verifier, after `ChainVerifier` accepted the event) knows it is well formed.
  if (options.linkChecked === true) return link === undefined ? undefined : Buffer.from(link.chainHash, 'hex');
  return isChainLink(link) ? digestBytes(link.chainHash, 'chainHash') : undefined;
};

const isNotarysOwn = (event: LeafCandidate): boolean =>
  event.stream === CHECKPOINT_STREAM && (event.type === LEDGER_CHECKPOINTED || event.type === NOTARY_ELECTED);
