import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ledgerPosition, signCheckpoint, verifyCheckpoint, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { LEDGER_CHECKPOINTED, NOTARY_ELECTED } from '../audit/ledger-format/index.js';
import type { LedgerIndex } from '../audit/ledger-index/ledger-index.js';
import type { CheckpointLog } from './checkpoint-log.js';
import { notaryRole } from './lease.js';
import type { NotaryConfig } from './notary-config.js';
import type { NotaryKeyring } from './notary-keyring.js';

// How often the notary looks whether a checkpoint is due; cheap when nothing is (no store call).
const TICK_MS = 200;
// After a failed attempt (most often the store unreachable) the next waits this long, doubling up to the maximum, rather
// than ask the store and log a warning every tick for as long as the outage lasts.
const RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * The notary: when elected, appends a signed `LedgerCheckpointed` (tree size, root, last position, time) every
 * `NOTARY_CHECKPOINT_EVERY_EVENTS` new leaves or `NOTARY_CHECKPOINT_INTERVAL_MS` after the last checkpoint when
 * there is anything new. The tree is this instance's `LedgerIndex`; before extending someone else's checkpoint it
 * recomputes that root from its own leaves and refuses to sign over a history that differs.
 */
export class Notary implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly notaryId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('Notary');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private verified: { treeSize: number; rootHash: string } | undefined;
  private lastCheckpointAt: number;
  private refusal: string | undefined;
  private failedAttempts = 0;
  private retryAt = 0;

  constructor(
    private readonly config: NotaryConfig,
    private readonly keyring: NotaryKeyring,
    private readonly index: LedgerIndex,
    private readonly log: CheckpointLog,
    // The clock leases are reckoned with; tests pass their own to move time without waiting.
    private readonly now: () => number = Date.now,
  ) {
    this.lastCheckpointAt = now();
  }

  onApplicationBootstrap(): void {
    if (this.config.NOTARY === 'off') return;
    this.timer = setInterval(() => void this.serialised(() => this.scheduledTick()), TICK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Why this notary refuses to sign (its leaves disagree with the latest checkpoint), if it does. */
  get fault(): string | undefined {
    return this.refusal;
  }

  /** Checkpoints every indexed leaf now if this instance is (or can become) the notary; used by tests and tools. */
  checkpointNow(): Promise<SignedCheckpoint | undefined> {
    return this.serialised(() => this.tick(true));
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work);
    this.running = next.catch((error: unknown) =>
      this.logger.warn({ err: error }, `Checkpoint attempt failed, will retry: ${(error as Error).message}`),
    );
    return next;
  }

  /** A tick of the timer: none while a failed attempt's delay runs. */
  private async scheduledTick(): Promise<SignedCheckpoint | undefined> {
    if (this.now() < this.retryAt) return undefined;
    try {
      const checkpoint = await this.tick(false);
      this.failedAttempts = 0;
      return checkpoint;
    } catch (error) {
      this.failedAttempts += 1;
      this.retryAt = this.now() + Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** (this.failedAttempts - 1));
      throw error;
    }
  }

  private async tick(force: boolean): Promise<SignedCheckpoint | undefined> {
    const treeSize = this.index.leafCount;
    if (treeSize <= (this.log.latest?.treeSize ?? 0) && !force) return undefined;
    await this.log.sync();
    if (!this.latestSignedByUs()) return undefined;
    const latestSize = this.log.latest?.treeSize ?? 0;
    const pending = treeSize - latestSize;
    if (pending <= 0) return undefined;
    const due =
      force ||
      pending >= this.config.NOTARY_CHECKPOINT_EVERY_EVENTS ||
      this.now() - this.lastCheckpointAt >= this.config.NOTARY_CHECKPOINT_INTERVAL_MS;
    if (!due || !(await this.elected())) return undefined;
    if (!this.agreesWithLatest()) return undefined;
    return this.checkpoint();
  }

  private async elected(): Promise<boolean> {
    const role = notaryRole(this.log.lease, this.notaryId, this.now(), this.config.NOTARY_LEASE_MS);
    if (role === 'holder') return true;
    if (role === 'standby') return false;
    const claimed = await this.log.append(
      NOTARY_ELECTED,
      { schemaVersion: 1, notaryId: this.notaryId, electedAt: new Date(this.now()).toISOString(), leaseExpiresAt: this.leaseEnd() },
      this.notaryId,
    );
    if (claimed) this.logger.log({ notaryId: this.notaryId }, 'Elected notary');
    return claimed;
  }

  /**
   * Only this ledger's key signs its checkpoints: one that does not verify was put in the store by someone else. The
   * notary then signs nothing more, and says why (`fault`, an error in the log), rather than wait for its tree size.
   */
  private latestSignedByUs(): boolean {
    const latest = this.log.latest;
    if (latest === undefined || (this.verified?.treeSize === latest.treeSize && this.verified.rootHash === latest.rootHash)) return true;
    const signature = verifyCheckpoint(latest, this.keyring.jwks());
    if (signature.ok) return true;
    this.refusal =
      `the latest checkpoint in the store (tree size ${latest.treeSize}) is not signed by this ledger's key ` +
      `(${signature.reason}): the ledger was altered, or another instance signs with another key: every instance must ` +
      `sign with the same key (NOTARY_SIGNING_KEY_FILE; by default each creates its own in its LEDGER_DATA_DIR); ` +
      `refusing to sign`;
    this.logger.error(this.refusal);
    return false;
  }

  private agreesWithLatest(): boolean {
    const latest = this.log.latest;
    if (!latest) return true;
    if (this.verified?.treeSize === latest.treeSize && this.verified.rootHash === latest.rootHash) return true;
    if (latest.treeSize > this.index.leafCount) return false; // this index is behind: wait for it
    const root = this.index.rootAt(latest.treeSize);
    if (root !== latest.rootHash) {
      this.refusal =
        `the latest checkpoint (tree size ${latest.treeSize}) has root ${latest.rootHash}, but this instance's ` +
        `leaves give ${root}: the ledger was altered or the index is damaged; refusing to sign`;
      this.logger.error(this.refusal);
      return false;
    }
    this.verified = { treeSize: latest.treeSize, rootHash: root };
    return true;
  }

  /**
   * Signs the tree as it stands now: its size and root read together, so the root is the builder's own (a root at
   * an earlier size would be recomputed from every leaf in the index, and the index grows while the notary awaits).
   */
  private async checkpoint(): Promise<SignedCheckpoint | undefined> {
    const treeSize = this.index.leafCount;
    const last = this.index.leafAt(treeSize - 1)!;
    const signed = signCheckpoint(
      {
        treeSize,
        rootHash: this.index.rootAt(treeSize),
        lastPosition: ledgerPosition({ commit: last.position, prepare: last.position }),
        time: new Date(this.now()).toISOString(),
      },
      this.keyring.current,
    );
    const data = {
      schemaVersion: 1,
      ...signed,
      lastPosition: { ...signed.lastPosition! },
      notaryId: this.notaryId,
      leaseExpiresAt: this.leaseEnd(),
    };
    if (!(await this.log.append(LEDGER_CHECKPOINTED, data, this.notaryId))) return undefined;
    this.verified = { treeSize, rootHash: signed.rootHash };
    this.lastCheckpointAt = this.now();
    return signed;
  }

  private leaseEnd(): string {
    return new Date(this.now() + this.config.NOTARY_LEASE_MS).toISOString();
  }
}
