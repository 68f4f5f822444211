import { Injectable } from '@nestjs/common';
import {
  consentRequestStream,
  DomainRefusal,
  foldInputs,
  type ConsentRequestInputs,
  type RecordedConsentRequest,
} from '@ledger/consent-domain';
import type { RecordedEvent } from '@ledger/event-store';
import { LedgerStreamReader } from '../ledger-writes/ledger-stream-reader.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';

/** A consent request as its stream has it (until the read model answers); 404 problem when there is none. */
@Injectable()
export class ConsentRequestReader {
  constructor(private readonly reader: LedgerStreamReader) {}

  async recorded(requestId: string): Promise<RecordedConsentRequest> {
    return (await this.withClaim(requestId)).request;
  }

  /** The request, and the event that claimed its link (`ConsentRequestAccepted`, metadata included) once it is accepted. */
  async withClaim(requestId: string): Promise<{ request: RecordedConsentRequest; claim?: RecordedEvent }> {
    const { stream, recorded } = await this.reader.readRecorded(consentRequestStream(requestId));
    const { request } = foldInputs<ConsentRequestInputs>({ request: stream.events });
    if (request.status === 'none') {
      throw refusalProblem(new DomainRefusal('CONSENT_REQUEST_NOT_FOUND', `there is no consent request ${requestId}`));
    }
    const claim = recorded.find((event) => event.type === 'ConsentRequestAccepted');
    return { request, ...(claim === undefined ? {} : { claim }) };
  }
}
