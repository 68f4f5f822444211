import type { RecordedEvent } from '@ledger/event-store';

/**
 * When an event was recorded, as far as the ledger can prove it: the `serverTime` of its metadata, which its chain hash
 * covers. The store's own timestamp is assigned after the hash is computed, so whoever holds the store's file could
 * move it unseen; an event written without a `serverTime` (by another client of the store) falls back to it.
 */
export const provenTime = (event: Pick<RecordedEvent, 'metadata' | 'createdAt'>): number => {
  const serverTime = event.metadata['serverTime'];
  const parsed = typeof serverTime === 'string' ? Date.parse(serverTime) : Number.NaN;
  return Number.isNaN(parsed) ? event.createdAt.getTime() : parsed;
};
