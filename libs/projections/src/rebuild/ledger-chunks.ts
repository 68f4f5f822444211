import { isLedgerEventType, upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import type { EventStore } from '@ledger/event-store';

/**
 * Consecutive ledger events of `$all`, upcast to the current schema, with their positions (decimal strings:
 * a chunk crosses threads as one JSON text). Events of other types are left out.
 */
export interface LedgerChunk {
  readonly events: LedgerEvent[];
  readonly positions: string[];
}

/** Events per `$all` read: fewer, longer reads (each read is a round trip). */
export const READ_BATCH_EVENTS = 5_000;

/** `$all` from the start, as chunks of at most `chunkEvents` ledger events. */
export async function* ledgerChunks(eventStore: EventStore, chunkEvents: number): AsyncGenerator<LedgerChunk> {
  let chunk: LedgerChunk = { events: [], positions: [] };
  for await (const recorded of eventStore.readAll({ batchSize: READ_BATCH_EVENTS })) {
    if (!isLedgerEventType(recorded.type)) continue;
    chunk.events.push(upcastStored(recorded.type, recorded.data));
    chunk.positions.push(recorded.position.toString());
    if (chunk.events.length >= chunkEvents) {
      yield chunk;
      chunk = { events: [], positions: [] };
    }
  }
  if (chunk.events.length > 0) yield chunk;
}
