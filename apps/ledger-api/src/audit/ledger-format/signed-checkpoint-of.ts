import type { SignedCheckpoint } from '@ledger/ledger-proofs';
import type { JsonObject } from '@ledger/event-store';

/** The signed checkpoint inside a `LedgerCheckpointed` event's data: the six signed fields, nothing else. */
export const signedCheckpointOf = (data: JsonObject | Record<string, unknown>): SignedCheckpoint => {
  const { treeSize, rootHash, lastPosition, time, kid, signature } = data as unknown as SignedCheckpoint;
  return { treeSize, rootHash, lastPosition, time, kid, signature };
};
