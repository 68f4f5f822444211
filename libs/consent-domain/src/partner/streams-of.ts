import type { CommandStreams } from '../command-streams.js';
import { partnerStream } from '../streams.js';
import type { PartnerCommand, PartnerInputs } from './commands.js';

/** Every partner command appends to the partner's stream; enrolling a reseller also reads its provider's. */
export const partnerCommandStreams = (command: PartnerCommand): CommandStreams<PartnerInputs> => {
  const own = partnerStream(command.partnerId);
  if (command.type === 'EnrolPartner' && command.indirectProviderId !== undefined) {
    return { appendTo: own, reads: { partner: own, indirectProvider: partnerStream(command.indirectProviderId) } };
  }
  return { appendTo: own, reads: { partner: own } };
};
