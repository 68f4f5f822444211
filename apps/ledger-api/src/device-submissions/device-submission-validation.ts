import { Injectable } from '@nestjs/common';
import type { Channel } from '@ledger/consent-domain';
import type { DeviceSubmissionVerdict } from '@ledger/device-submissions';
import { authorisationOf } from '@ledger/projections';
import { ReadModels } from '../read-models/read-models.service.js';
import type { DeviceSubmissionVerdictView } from './dto/device-submission-verdict.view.js';

export interface SubmissionTarget {
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly channel: Channel;
}

/**
 * "Validate device submission data": the consent, by consent-domain's `authorisationFor` over this
 * instance's read models, and the devices' own verdict when the partner sent them.
 */
@Injectable()
export class DeviceSubmissionValidation {
  constructor(private readonly readModels: ReadModels) {}

  answer(target: SubmissionTarget, devices?: DeviceSubmissionVerdict): DeviceSubmissionVerdictView {
    const authorisation = authorisationOf(this.readModels.reader, { ...target, now: new Date() });
    return {
      authorised: authorisation.authorised,
      reasonCode: authorisation.reasonCode,
      reason: authorisation.reason,
      ...(authorisation.basis === undefined ? {} : { basis: authorisation.basis }),
      channels: [...authorisation.channels],
      ...(authorisation.viaResellerId === undefined ? {} : { viaResellerId: authorisation.viaResellerId }),
      ...(authorisation.since === undefined ? {} : { since: authorisation.since }),
      revocationPending: authorisation.revocationPending,
      ...(devices === undefined ? {} : { devices: { ...devices, rows: [...devices.rows] } }),
    };
  }
}
