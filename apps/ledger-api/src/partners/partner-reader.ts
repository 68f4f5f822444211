import { Injectable } from '@nestjs/common';
import { DomainRefusal, foldInputs, partnerStream, type EnrolledPartner, type PartnerInputs } from '@ledger/consent-domain';
import { LedgerStreamReader } from '../ledger-writes/ledger-stream-reader.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';

/**
 * A partner as its stream has it, for the GET routes of the write side (the read-side projections will
 * answer these later). 404 problem when it is not enrolled.
 */
@Injectable()
export class PartnerReader {
  constructor(private readonly reader: LedgerStreamReader) {}

  async enrolled(partnerId: string): Promise<EnrolledPartner> {
    const { events } = await this.reader.read(partnerStream(partnerId));
    const { partner } = foldInputs<PartnerInputs>({ partner: events });
    if (partner.status !== 'enrolled') {
      throw refusalProblem(new DomainRefusal('PARTNER_NOT_ENROLLED', `partner ${partnerId} is not enrolled`));
    }
    return partner;
  }
}
