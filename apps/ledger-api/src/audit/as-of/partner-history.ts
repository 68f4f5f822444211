import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { provenTime } from '../ledger-format/index.js';
import type { LedgerIndex } from '../ledger-index/ledger-index.js';
import { partnersOf } from '../ledger-index/partners-of.js';

// Streams read at once: enough to hide the round trips, few enough not to flood the store.
const CONCURRENT_READS = 16;
const STREAM_PAGE = 500;
const TAIL_BATCH = 5_000;
/** How much later than its proven time the store may have stamped an event (a command's decision, then its append). */
const STORE_STAMP_SLACK_MS = 5 * 60_000;

/** Recorded by `instant`, by the time its chain hash covers (`provenTime`), not the store's unhashed stamp. */
const recordedBy = (instant: Date) => (event: RecordedEvent): boolean => provenTime(event) <= instant.getTime();

/**
 * Every event recorded up to `instant` that can change one partner's registration authorisations, in `$all` order:
 * the events of the streams the audit index maps to the partner by then (see `LedgerIndex.streamsOfPartner`), read
 * stream by stream, plus the events the index has not recorded yet (read from `$all` after the index's position, kept when
 * they belong to one of those streams or name the partner or one of its resellers). Its cost follows the partner's
 * history, not the ledger's.
 */
export const partnerHistoryUpTo = async (
  eventStore: EventStore,
  index: LedgerIndex,
  partnerId: string,
  instant: Date,
): Promise<RecordedEvent[]> => {
  // Read together, in one turn of the event loop: the index records each event synchronously.
  const indexedUpTo = index.position;
  const streams = index.streamsOfPartner(partnerId, instant);
  const partners = new Set([partnerId, ...index.resellersOf(partnerId)]);
  const inTime = recordedBy(instant);

  const indexed = (await readStreams(eventStore, streams)).filter(
    (event) => indexedUpTo !== undefined && event.position <= indexedUpTo && inTime(event),
  );
  const tail = await unindexedTail(eventStore, indexedUpTo, instant, new Set(streams), partners, partnerId);
  return [...indexed.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0)), ...tail];
};

const readStreams = async (eventStore: EventStore, streams: string[]): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < streams.length) events.push(...(await readWholeStream(eventStore, streams[next++]!)));
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, streams.length) }, worker));
  return events;
};

const readWholeStream = async (eventStore: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (let fromRevision = 0n; ; ) {
    const page = await eventStore.readStream(stream, { fromRevision, maxCount: STREAM_PAGE });
    all.push(...page);
    if (page.length < STREAM_PAGE) return all;
    fromRevision = page[page.length - 1]!.revision + 1n;
  }
};

/** `$all` after the index's position up to the instant (empty when the index is caught up): what the index lacks. */
const unindexedTail = async (
  eventStore: EventStore,
  indexedUpTo: bigint | undefined,
  instant: Date,
  streams: Set<string>,
  partners: Set<string>,
  partnerId: string,
): Promise<RecordedEvent[]> => {
  const tail: RecordedEvent[] = [];
  const inTime = recordedBy(instant);
  for await (const event of eventStore.readAll({ fromPosition: indexedUpTo ?? 'start', batchSize: TAIL_BATCH })) {
    // `$all` goes in the store's order: past the slack, nothing later can have been recorded by the instant.
    if (event.createdAt.getTime() > instant.getTime() + STORE_STAMP_SLACK_MS) break;
    if (!inTime(event)) continue;
    const named = partnersOf(event);
    if (named.reseller?.providerId === partnerId) partners.add(named.reseller.resellerId);
    if (streams.has(event.stream) || named.partners.some((partner) => partners.has(partner))) {
      streams.add(event.stream);
      tail.push(event);
    }
  }
  return tail;
};
