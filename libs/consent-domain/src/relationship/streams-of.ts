import type { CommandStreams } from '../command-streams.js';
import { consentRequestStream, partnerStream, relationshipStream } from '../streams.js';
import type { RelationshipCommand, RelationshipInputs } from './commands.js';

/** Every relationship command appends to the relationship's stream; some also read the partner's or the request's. */
export const relationshipCommandStreams = (command: RelationshipCommand): CommandStreams<RelationshipInputs> => {
  switch (command.type) {
    case 'RecordCspConsent': {
      const own = relationshipStream(command.partnerId, command.customerTenantId);
      return { appendTo: own, reads: { relationship: own, request: consentRequestStream(command.requestId) } };
    }
    case 'AcceptOemConsent': {
      // The consenting tenant is the one the Global Administrator signed in to.
      const own = relationshipStream(command.partnerId, command.acceptedBy.tid);
      return { appendTo: own, reads: { relationship: own, partner: partnerStream(command.partnerId) } };
    }
    case 'RemoveDap':
    case 'RequestOemRevocation': {
      const own = relationshipStream(command.partnerId, command.customerTenantId);
      return { appendTo: own, reads: { relationship: own, partner: partnerStream(command.partnerId) } };
    }
    case 'CompleteOemRevocation':
    case 'RejectOemRevocation': {
      const own = relationshipStream(command.partnerId, command.customerTenantId);
      return { appendTo: own, reads: { relationship: own } };
    }
  }
};
