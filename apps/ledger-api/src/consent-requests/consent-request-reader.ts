import { Injectable } from '@nestjs/common';
import {
  consentRequestStream,
  DomainRefusal,
  foldInputs,
  type ConsentRequestInputs,
  type RecordedConsentRequest,
} from '@ledger/consent-domain';
import { LedgerStreamReader } from '../ledger-writes/ledger-stream-reader.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';

/** A consent request as its stream has it (until the read model answers); 404 problem when there is none. */
@Injectable()
export class ConsentRequestReader {
  constructor(private readonly reader: LedgerStreamReader) {}

  async recorded(requestId: string): Promise<RecordedConsentRequest> {
    const { events } = await this.reader.read(consentRequestStream(requestId));
    const { request } = foldInputs<ConsentRequestInputs>({ request: events });
    if (request.status === 'none') {
      throw refusalProblem(new DomainRefusal('CONSENT_REQUEST_NOT_FOUND', `there is no consent request ${requestId}`));
    }
    return request;
  }
}
