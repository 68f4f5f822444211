import { Injectable } from '@nestjs/common';
import { isLedgerEventType } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { applyRecordedEvent, InMemoryReadModels } from '@ledger/projections';

/**
 * The read models as they stood at an instant: every ledger event recorded up to then, folded in `$all` order by
 * the projections' own fold (`applyRecordedEvent`) into an in-memory store, so that the live views and the as-of
 * views cannot disagree on what an event means. The store stamps events in `$all` order, so the read stops at the
 * first event recorded after the instant.
 */
@Injectable()
export class ReadModelsAsOf {
  constructor(private readonly eventStore: EventStore) {}

  async at(instant: Date): Promise<InMemoryReadModels> {
    const models = new InMemoryReadModels();
    for await (const event of this.eventStore.readAll({ batchSize: 5000 })) {
      if (event.createdAt.getTime() > instant.getTime()) break;
      if (isLedgerEventType(event.type)) applyRecordedEvent(models, event);
    }
    return models;
  }
}
