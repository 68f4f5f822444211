import type { BatchStore } from '@ledger/event-store';
import type { LedgerIndex } from './ledger-index.js';

/** The audit index committed its leaves up to `leafCount`, the last of them `addedLeaves`, and events up to `position`. */
export interface IndexCommit {
  readonly leafCount: number;
  readonly position: bigint;
  /** The leaf hashes this commit added, one after the other (32 bytes each). */
  readonly addedLeaves: Uint8Array;
}

/**
 * The audit index as a `BatchStore` for a follower of `$all`: nothing to fold ahead, each batch recorded whole at its
 * commit in one transaction (the tree and position move only once it has committed); `onCommit` hears of each.
 */
export const ledgerIndexBatches = (index: LedgerIndex, onCommit: (commit: IndexCommit) => void = () => undefined): BatchStore => ({
  get committedPosition() {
    return index.position;
  },
  add: () => undefined,
  commit: (events) => {
    const addedLeaves = index.recordAll(events);
    onCommit({ leafCount: index.leafCount, position: index.position!, addedLeaves });
  },
  // A failed recordAll kept nothing: nothing to drop.
  discard: () => undefined,
});
