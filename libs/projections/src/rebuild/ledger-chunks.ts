import { isLedgerEventType, upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';

/**
 * Consecutive ledger events of `$all`, upcast to the current schema, with their positions (`positions[i]` is
 * `events[i]`'s). Events of other types are left out.
 */
export interface LedgerChunk {
  readonly events: LedgerEvent[];
  readonly positions: BigUint64Array<ArrayBuffer>;
}

/**
 * A `LedgerChunk` as it crosses threads: the events as one JSON array text (parsed once on the other side,
 * cheaper than a structured clone of many small objects), the positions in a buffer that is moved, not copied.
 */
export interface LedgerChunkText {
  readonly json: string;
  readonly positions: BigUint64Array<ArrayBuffer>;
}

/** The chunk a `LedgerChunkText` stands for. */
export const parseLedgerChunk = (text: LedgerChunkText): LedgerChunk => ({ events: JSON.parse(text.json) as LedgerEvent[], positions: text.positions });

/** Events per `$all` read: fewer, longer reads (each read is a round trip). */
export const READ_BATCH_EVENTS = 5_000;

/**
 * `$all` from the start, its ledger events in groups of at most `chunkEvents`: `take` is called with each
 * event as it comes (nothing of it needs to live longer than that call), `close` with the number taken
 * since the last close, at the end of each group.
 */
async function* groupsOfLedgerEvents<Group>(
  eventStore: EventStore,
  chunkEvents: number,
  take: (event: LedgerEvent, position: bigint, index: number) => void,
  close: (count: number) => Group,
): AsyncGenerator<Group> {
  let count = 0;
  const each = (recorded: RecordedEvent): boolean => {
    if (!isLedgerEventType(recorded.type)) return false;
    take(upcastStored(recorded.type, recorded.data), recorded.position, count);
    count += 1;
    return count >= chunkEvents;
  };
  for await (const batch of eventStore.readAllBatches({ batchSize: READ_BATCH_EVENTS })) {
    for (const recorded of batch) {
      if (each(recorded)) {
        yield close(count);
        count = 0;
      }
    }
  }
  if (count > 0) yield close(count);
}

/** `$all` from the start, as chunks of at most `chunkEvents` ledger events. */
export const ledgerChunks = (eventStore: EventStore, chunkEvents: number): AsyncGenerator<LedgerChunk> => {
  let events: LedgerEvent[] = [];
  let positions = new BigUint64Array(chunkEvents);
  return groupsOfLedgerEvents(
    eventStore,
    chunkEvents,
    (event, position, index) => {
      events.push(event);
      positions[index] = position;
    },
    (count) => {
      const chunk = { events, positions: positions.subarray(0, count) };
      events = [];
      positions = new BigUint64Array(chunkEvents);
      return chunk;
    },
  );
};

/**
 * `ledgerChunks` as texts, for another thread: each event is written out as JSON when it comes (its objects
 * die young; only its text waits for the chunk to fill).
 */
export const ledgerChunkTexts = (eventStore: EventStore, chunkEvents: number): AsyncGenerator<LedgerChunkText> => {
  let texts: string[] = [];
  let positions = new BigUint64Array(chunkEvents);
  return groupsOfLedgerEvents(
    eventStore,
    chunkEvents,
    (event, position, index) => {
      texts.push(JSON.stringify(event));
      positions[index] = position;
    },
    (count) => {
      const chunk = { json: `[${texts.join(',')}]`, positions: positions.subarray(0, count) };
      texts = [];
      positions = new BigUint64Array(chunkEvents);
      return chunk;
    },
  );
};
