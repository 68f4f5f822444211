import { LEDGER_EVENT_TYPES } from '@ledger/consent-domain';
import type { EventTypeFilter } from '@ledger/event-store';

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The server-side filter of the read side's subscription: exactly the ledger's event types, nothing else. */
export const ledgerEventFilter = (): EventTypeFilter => ({
  eventTypeRegex: `^(?:${LEDGER_EVENT_TYPES.map(escape).join('|')})$`,
});
