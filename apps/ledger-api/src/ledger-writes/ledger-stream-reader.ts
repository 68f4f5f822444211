import { Injectable } from '@nestjs/common';
import { upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import { EventStore, type RecordedEvent } from '@ledger/event-store';
import { headOf, type StreamHead } from '../ledger-chain/stream-head.js';

export interface LedgerStream {
  readonly events: LedgerEvent[];
  readonly head: StreamHead;
}

/** Reads one of the ledger's streams through the port and lifts every event to its current schema. */
@Injectable()
export class LedgerStreamReader {
  constructor(private readonly eventStore: EventStore) {}

  async read(stream: string): Promise<LedgerStream> {
    return (await this.readRecorded(stream)).stream;
  }

  /** The stream, and its events as recorded (metadata included). */
  async readRecorded(stream: string): Promise<{ stream: LedgerStream; recorded: RecordedEvent[] }> {
    const recorded = await this.eventStore.readStream(stream);
    return {
      stream: { events: recorded.map((event) => upcastStored(event.type, event.data)), head: headOf(stream, recorded) },
      recorded,
    };
  }

  /** `known` brought up to date: only the events after its head are read (none, usually). */
  async readAfter(known: LedgerStream): Promise<LedgerStream> {
    const { head } = known;
    if (head.revision === 'no_stream') return this.read(head.stream);
    const recorded = await this.eventStore.readStream(head.stream, { fromRevision: (head.revision as bigint) + 1n });
    if (recorded.length === 0) return known;
    return {
      events: [...known.events, ...recorded.map((event) => upcastStored(event.type, event.data))],
      head: headOf(head.stream, recorded),
    };
  }
}
