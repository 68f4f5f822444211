import { Injectable } from '@nestjs/common';
import { isLedgerEventType } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { applyRecordedEvent, InMemoryReadModels } from '@ledger/projections';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { partnerHistoryUpTo } from './partner-history.js';

/**
 * A partner's read models as they stood at an instant: the events recorded up to then that can change its
 * registration authorisations (its own streams, its relationships, its resellers': `partnerHistoryUpTo`), folded
 * in `$all` order by the projections' own fold (`applyRecordedEvent`) into an in-memory store, so that the live
 * views and the as-of views cannot disagree on what an event means. Every row of the partner's authorisations is
 * computed from those streams only, so leaving the rest of the ledger out changes none of them.
 */
@Injectable()
export class ReadModelsAsOf {
  constructor(
    private readonly eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {}

  async forPartnerAt(partnerId: string, instant: Date): Promise<InMemoryReadModels> {
    const models = new InMemoryReadModels();
    for (const event of await partnerHistoryUpTo(this.eventStore, this.index, partnerId, instant)) {
      if (isLedgerEventType(event.type)) applyRecordedEvent(models, event);
    }
    return models;
  }
}
