import type { CommandStreams } from '../command-streams.js';
import { consentRequestStream, partnerStream } from '../streams.js';
import type { ConsentRequestCommand, ConsentRequestInputs } from './commands.js';

/** Every consent request command appends to the request's stream; creating one also reads the partner's. */
export const consentRequestCommandStreams = (command: ConsentRequestCommand): CommandStreams<ConsentRequestInputs> => {
  const own = consentRequestStream(command.requestId);
  if (command.type === 'RequestConsent') {
    return { appendTo: own, reads: { request: own, partner: partnerStream(command.partnerId) } };
  }
  return { appendTo: own, reads: { request: own } };
};
