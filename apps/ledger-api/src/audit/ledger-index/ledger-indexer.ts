import { Injectable, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { PositionWaiters } from '@ledger/event-store';
import { LedgerFollowers } from '../../ledger-followers/ledger-followers.js';
import { LedgerIndex } from './ledger-index.js';

/**
 * Keeps this thread's `LedgerIndex` (a reader of `LEDGER_DATA_DIR/audit/ledger-index.db`) up with what the
 * `LedgerFollowers` thread records: each commit's new leaves join its tree, then the reads waiting for that position
 * are answered (`reached`).
 */
@Injectable()
export class LedgerIndexer implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly waiters = new PositionWaiters();
  private stopped = false;

  constructor(
    private readonly index: LedgerIndex,
    followers: LedgerFollowers,
  ) {
    followers.onIndexCommitted((commit) => {
      index.advanceTo(commit.leafCount, commit.position, commit.addedLeaves);
      this.waiters.reached(commit.position);
    });
    // What the thread committed before this listened.
    const committed = followers.indexCheckpoint;
    if (committed !== undefined) index.advanceTo(committed.leafCount, committed.position, committed.addedLeaves);
  }

  /** Resolves true once every event up to `position` is indexed, false after `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    const indexed = this.index.position;
    if (indexed !== undefined && indexed >= position) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.waiters.cancelAll();
  }

  onApplicationShutdown(): void {
    this.index.close();
  }
}
