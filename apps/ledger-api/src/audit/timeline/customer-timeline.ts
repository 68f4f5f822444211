import { Injectable } from '@nestjs/common';
import { EventStore, type RecordedEvent } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, isChainLink } from '@ledger/ledger-proofs';
import { provenTime } from '../ledger-format/index.js';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { describeEvent } from './describe-event.js';

export interface TimelineItem {
  position: string;
  /** When it was recorded, as its hash proves: the metadata's `serverTime` (the store's stamp for events without one). */
  recordedAt: string;
  /** The store's own stamp, which no hash covers: shown beside, for comparison. */
  storedAt: string;
  summary: string;
  type: string;
  stream: string;
  revision: number;
  eventId: string;
  /** Who did it, from the event's metadata (absent for events recorded without one). */
  actor: unknown;
  data: unknown;
  chainHash: string | null;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

const PAGE = 500;

const toItem = (event: RecordedEvent): TimelineItem => {
  const link = event.metadata[CHAIN_METADATA_KEY];
  return {
    position: event.position.toString(),
    recordedAt: new Date(provenTime(event)).toISOString(),
    storedAt: event.createdAt.toISOString(),
    summary: describeEvent(event),
    type: event.type,
    stream: event.stream,
    revision: Number(event.revision),
    eventId: event.id,
    actor: event.metadata['actor'] ?? null,
    data: event.data,
    chainHash: isChainLink(link) ? link.chainHash : null,
  };
};

export class InvalidTimelineCursorError extends Error {
  override readonly name = 'InvalidTimelineCursorError';
}

/**
 * Every event about a customer, in `$all` order: the whole history of each stream the audit index found to be
 * about the tenant (its relationships, and the consent requests that named it or that it accepted), read from the
 * store and merged by position. Paged by position, so a page is stable while the ledger grows.
 */
@Injectable()
export class CustomerTimeline {
  constructor(
    private readonly eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {}

  async page(tenantId: string, limit: number, cursor: string | undefined): Promise<TimelinePage> {
    const after = cursor === undefined ? -1n : decodeCursor(cursor);
    const events: RecordedEvent[] = [];
    for (const stream of this.index.streamsOfTenant(tenantId)) events.push(...(await this.readStream(stream)));
    const ordered = events.filter((e) => e.position > after).sort((a, b) => (a.position < b.position ? -1 : 1));
    const items = ordered.slice(0, limit).map(toItem);
    const more = ordered.length > limit;
    return { items, nextCursor: more ? encodeCursor(items[items.length - 1]!.position) : null };
  }

  private async readStream(stream: string): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for (let fromRevision = 0n; ; ) {
      const batch = await this.eventStore.readStream(stream, { fromRevision, maxCount: PAGE });
      all.push(...batch);
      if (batch.length < PAGE) return all;
      fromRevision = batch[batch.length - 1]!.revision + 1n;
    }
  }
}

const encodeCursor = (position: string): string => Buffer.from(position, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): bigint => {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(position)) {
    throw new InvalidTimelineCursorError('cursor is not a nextCursor this API handed out; send it back unchanged');
  }
  return BigInt(position);
};
