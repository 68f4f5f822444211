import { Injectable } from '@nestjs/common';
import { upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
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
    const recorded = await this.eventStore.readStream(stream);
    return {
      events: recorded.map((event) => upcastStored(event.type, event.data)),
      head: headOf(stream, recorded),
    };
  }
}
