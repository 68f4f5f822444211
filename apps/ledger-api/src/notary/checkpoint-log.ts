import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, type JsonObject, type RecordedEvent } from '@ledger/event-store';
import {
  CHAIN_METADATA_KEY,
  isChainLink,
  linkEvent,
  withChainLink,
  type HexDigest,
  type SignedCheckpoint,
} from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, signedCheckpointOf } from '../audit/ledger-format/index.js';
import type { NotaryLease } from './lease.js';

const PAGE = 500;

/**
 * The notary's view of the checkpoint stream, read forward incrementally: its head (revision and chain hash, to
 * chain the next event), the latest checkpoint and the current lease. Appends go with the head as expected
 * revision; a `ConcurrencyError` means another notary got there first, and the view catches up.
 */
export class CheckpointLog {
  private revision: bigint | 'no_stream' = 'no_stream';
  private chainHash: HexDigest | null = null;
  private latestCheckpoint: SignedCheckpoint | undefined;
  private currentLease: NotaryLease | undefined;

  constructor(private readonly eventStore: EventStore) {}

  get latest(): SignedCheckpoint | undefined {
    return this.latestCheckpoint;
  }

  get lease(): NotaryLease | undefined {
    return this.currentLease;
  }

  /** Reads what was appended since the last look. */
  async sync(): Promise<void> {
    for (;;) {
      const fromRevision = this.revision === 'no_stream' ? 0n : this.revision + 1n;
      const events = await this.eventStore.readStream(CHECKPOINT_STREAM, { fromRevision, maxCount: PAGE });
      events.forEach((event) => this.apply(event));
      if (events.length < PAGE) return;
    }
  }

  /** Appends one chained event at the head; false when another notary appended first (the view is then synced). */
  async append(type: string, data: JsonObject, notaryId: string): Promise<boolean> {
    const id = randomUUID();
    const revision = this.revision === 'no_stream' ? 0n : this.revision + 1n;
    const metadataWithoutChain = { notaryId, serverTime: new Date().toISOString() };
    const link = linkEvent(
      { streamId: CHECKPOINT_STREAM, revision, eventId: id, type, data, metadataWithoutChain },
      this.chainHash,
    );
    const metadata = withChainLink(metadataWithoutChain, link) as JsonObject;
    try {
      await this.eventStore.append(CHECKPOINT_STREAM, [{ id, type, data, metadata }], {
        expectedRevision: this.revision,
      });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      await this.sync();
      return false;
    }
    await this.sync();
    return true;
  }

  private apply(event: RecordedEvent): void {
    this.revision = event.revision;
    const link = event.metadata[CHAIN_METADATA_KEY];
    this.chainHash = isChainLink(link) ? link.chainHash : null;
    const { notaryId, leaseExpiresAt } = event.data as { notaryId?: unknown; leaseExpiresAt?: unknown };
    if (typeof notaryId === 'string' && typeof leaseExpiresAt === 'string') {
      this.currentLease = { notaryId, expiresAt: Date.parse(leaseExpiresAt), recordedAt: event.createdAt.getTime() };
    }
    if (event.type === LEDGER_CHECKPOINTED) this.latestCheckpoint = signedCheckpointOf(event.data);
  }
}
