import { CHAIN_METADATA_KEY, isChainLink, type HexDigest } from '@ledger/ledger-proofs';
import type { RecordedEvent } from '@ledger/event-store';

/**
 * One line of `GET /v1/audit/events` (NDJSON) and of `npm run audit -- export`: the event as recorded, and its
 * hashes. `hashes` repeats the chain link of `metadata` for readers; the verifier trusts only `metadata` and
 * recomputes everything. `leafIndex` is the event's place among the Merkle leaves (null for an event that is no leaf,
 * or that the service has not indexed yet).
 */
export interface AuditExportLine {
  stream: string;
  revision: number;
  /** The `$all` commit position, a decimal string (64-bit). */
  position: string;
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: string;
  hashes: {
    contentHash: HexDigest | null;
    previousChainHash: HexDigest | null;
    chainHash: HexDigest | null;
    leafIndex: number | null;
  };
}

export const toExportLine = (event: RecordedEvent, leafIndex: number | null): AuditExportLine => {
  const link = event.metadata[CHAIN_METADATA_KEY];
  const chained = isChainLink(link);
  return {
    stream: event.stream,
    revision: Number(event.revision),
    position: event.position.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.createdAt.toISOString(),
    hashes: {
      contentHash: chained ? link.contentHash : null,
      previousChainHash: chained ? link.previousChainHash : null,
      chainHash: chained ? link.chainHash : null,
      leafIndex,
    },
  };
};
