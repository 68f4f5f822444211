import { Injectable } from '@nestjs/common';
import { EventStore, type JsonObject, type NewEvent } from '@ledger/event-store';
import { linkEvent, withChainLink, type HexDigest } from '@ledger/ledger-proofs';
import type { StreamHead } from './stream-head.js';

/** An event to append, before its chain link is known. */
export interface UnchainedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** Where an append left its stream: the `$all` position of its last event and the stream's new head. */
export interface ChainedAppend {
  readonly position: bigint;
  readonly head: StreamHead;
}

/**
 * The only way the service writes events: each event's metadata gets its per-stream hash-chain link
 * (`ledgerChain`, see `@ledger/ledger-proofs`), and the append carries the head's revision as expected
 * revision. So the predecessor a link names is the stream's real last event: if another writer got there
 * first, the append fails with `ConcurrencyError` and nothing is written.
 */
@Injectable()
export class ChainedAppender {
  constructor(private readonly eventStore: EventStore) {}

  async append(head: StreamHead, events: readonly UnchainedEvent[]): Promise<ChainedAppend> {
    const first = head.revision === 'no_stream' ? 0n : (head.revision as bigint) + 1n;
    let previous: HexDigest | null = head.chainHash;
    const chained: NewEvent[] = events.map((event, index) => {
      const link = linkEvent(
        {
          streamId: head.stream,
          revision: first + BigInt(index),
          eventId: event.id,
          type: event.type,
          data: event.data,
          metadataWithoutChain: event.metadata,
        },
        previous,
      );
      previous = link.chainHash;
      return { ...event, metadata: withChainLink(event.metadata, link) as JsonObject };
    });
    const outcome = await this.eventStore.append(head.stream, chained, { expectedRevision: head.revision });
    return {
      position: outcome.position,
      head: { stream: head.stream, revision: outcome.nextExpectedRevision, chainHash: previous, position: outcome.position },
    };
  }
}
