import type { Decider } from '../decider.js';
import type { PartnerEvent } from '../events/ledger-event.js';
import type { PartnerCommand, PartnerInputs } from './commands.js';
import { decidePartner } from './decide.js';
import { evolvePartner, initialPartner, type Partner } from './partner.js';
import { partnerCommandStreams } from './streams-of.js';

export const partnerDecider: Decider<PartnerCommand, PartnerInputs, Partner, PartnerEvent> = {
  decide: decidePartner,
  evolve: evolvePartner,
  initialState: initialPartner,
  streamsOf: partnerCommandStreams,
};
