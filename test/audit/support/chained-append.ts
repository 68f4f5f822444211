import { randomUUID } from 'node:crypto';
import type { AppendOutcome, EventStore, JsonObject, NewEvent } from '@ledger/event-store';
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

/** Chains events of many streams in memory, for seeding large ledgers without reading each stream back. */
export class ChainedBatches {
  private readonly heads = new Map<string, { revision: bigint; chainHash: string }>();

  /** The events to append to `stream` next, and the expected revision to append them with. */
  next(stream: string, events: ProposedEvent[]): { events: NewEvent[]; expectedRevision: bigint | 'no_stream' } {
    const head = this.heads.get(stream);
    let previous = head?.chainHash ?? null;
    let revision = head ? head.revision + 1n : 0n;
    const chained = events.map((event) => {
      const id = randomUUID();
      const metadataWithoutChain = event.metadata ?? {};
      const link = linkEvent({ streamId: stream, revision, eventId: id, type: event.type, data: event.data, metadataWithoutChain }, previous);
      previous = link.chainHash;
      revision += 1n;
      return { id, type: event.type, data: event.data, metadata: withChainLink(metadataWithoutChain, link) as JsonObject };
    });
    this.heads.set(stream, { revision: revision - 1n, chainHash: previous! });
    return { events: chained, expectedRevision: head ? head.revision : 'no_stream' };
  }
}
