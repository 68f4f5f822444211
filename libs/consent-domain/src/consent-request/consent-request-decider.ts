import type { Decider } from '../decider.js';
import type { ConsentRequestEvent } from '../events/ledger-event.js';
import type { ConsentRequestCommand, ConsentRequestInputs } from './commands.js';
import { type ConsentRequest, evolveConsentRequest, initialConsentRequest } from './consent-request.js';
import { decideConsentRequest } from './decide.js';
import { consentRequestCommandStreams } from './streams-of.js';

export const consentRequestDecider: Decider<
  ConsentRequestCommand,
  ConsentRequestInputs,
  ConsentRequest,
  ConsentRequestEvent
> = {
  decide: decideConsentRequest,
  evolve: evolveConsentRequest,
  initialState: initialConsentRequest,
  streamsOf: consentRequestCommandStreams,
};
