import { randomUUID } from 'node:crypto';
import type { AppendOutcome, EventStore, JsonObject } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, linkEvent, withChainLink, type ChainLink } from '@ledger/ledger-proofs';

export interface ProposedEvent {
  type: string;
  data: JsonObject;
  metadata?: JsonObject;
}

/**
 * Appends events as the write side does: each carries its chain link, computed from the stream's head, appended
 * with that head as expected revision.
 */
export const appendChained = async (store: EventStore, stream: string, events: ProposedEvent[]): Promise<AppendOutcome> => {
  const existing = await store.readStream(stream);
  const head = existing.at(-1);
  let previous = head ? (head.metadata[CHAIN_METADATA_KEY] as unknown as ChainLink).chainHash : null;
  let revision = BigInt(existing.length);
  const chained = events.map((event) => {
    const id = randomUUID();
    const metadataWithoutChain = event.metadata ?? { serverTime: new Date().toISOString() };
    const link = linkEvent(
      { streamId: stream, revision: revision++, eventId: id, type: event.type, data: event.data, metadataWithoutChain },
      previous,
    );
    previous = link.chainHash;
    return { id, type: event.type, data: event.data, metadata: withChainLink(metadataWithoutChain, link) as JsonObject };
  });
  return store.append(stream, chained, { expectedRevision: head ? head.revision : 'no_stream' });
};
