import { randomUUID } from 'node:crypto';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import type { EventStore, JsonObject } from '@ledger/event-store';

/** Appends domain events as the write side would (to their own streams), returning the last `$all` position. */
export const record = async (eventStore: EventStore, ...events: LedgerEvent[]): Promise<bigint> => {
  let position = 0n;
  for (const event of events) {
    const outcome = await eventStore.append(
      streamOf(event),
      [{ id: randomUUID(), type: event.type, data: event.data as unknown as JsonObject }],
      { expectedRevision: 'any' },
    );
    position = outcome.position;
  }
  return position;
};
