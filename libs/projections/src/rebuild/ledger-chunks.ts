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
 * event as it comes, `endOfBatch` once the events of one of the store's batches have all been taken (its
 * events are alive together anyway, in the batch), `close` with the number taken since the last close, at
 * the end of each group.
 */
async function* groupsOfLedgerEvents<Group>(
  eventStore: EventStore,
  chunkEvents: number,
  take: (event: LedgerEvent, position: bigint, index: number) => void,
  endOfBatch: () => void,
  close: (count: number) => Group,
): AsyncGenerator<Group> {
  let count = 0;
  for await (const batch of eventStore.readAllBatches({ batchSize: READ_BATCH_EVENTS })) {
    for (const recorded of batch) {
      if (!isLedgerEventType(recorded.type)) continue;
      take(upcastStored(recorded.type, recorded.data), recorded.position, count);
      count += 1;
      if (count >= chunkEvents) {
        endOfBatch();
        yield close(count);
        count = 0;
      }
    }
    endOfBatch();
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
    () => undefined,
    (count) => {
      const chunk = { events, positions: positions.subarray(0, count) };
      events = [];
      positions = new BigUint64Array(chunkEvents);
      return chunk;
    },
  );
};

/**
 * `ledgerChunks` as texts, for another thread: the events of each of the store's batches written out as JSON
 * in one call when the batch has been taken (one `JSON.stringify` of an array rather than one per event; the
 * objects die with the batch, only the text waits for the chunk to fill).
 */
export const ledgerChunkTexts = (eventStore: EventStore, chunkEvents: number): AsyncGenerator<LedgerChunkText> => {
  let batch: LedgerEvent[] = [];
  let texts: string[] = [];
  let positions = new BigUint64Array(chunkEvents);
  return groupsOfLedgerEvents(
    eventStore,
    chunkEvents,
    (event, position, index) => {
      batch.push(event);
      positions[index] = position;
    },
    () => {
      if (batch.length === 0) return;
      const json = JSON.stringify(batch);
      texts.push(json.slice(1, -1));
      batch = [];
    },
    (count) => {
      const chunk = { json: `[${texts.join(',')}]`, positions: positions.subarray(0, count) };
      texts = [];
      positions = new BigUint64Array(chunkEvents);
      return chunk;
    },
  );
};
