import { Injectable } from '@nestjs/common';
import type { Channel } from '@ledger/consent-domain';
import type { DeviceSubmissionVerdict } from '@ledger/device-submissions';
import { authorisationAnswer, type AuthorisationAnswer } from '@ledger/projections';
import { ReadModels } from '../read-models/read-models.service.js';
import type { DeviceSubmissionVerdictView } from './dto/device-submission-verdict.view.js';

export interface SubmissionTarget {
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly channel: Channel;
}

type ConsentView = Omit<DeviceSubmissionVerdictView, 'devices'>;

/** A kept consent answer, and its JSON text once a caller has asked for it. */
interface KeptAnswer {
  readonly view: ConsentView;
  json?: string;
}

/** How many consent answers are kept for the current read-model position; past this they start afresh. */
export const CONSENT_ANSWERS_KEPT = 10_000;

const consentView = ({ authorisation }: AuthorisationAnswer): ConsentView =>
  Object.freeze({
    authorised: authorisation.authorised,
    reasonCode: authorisation.reasonCode,
    reason: authorisation.reason,
    ...(authorisation.basis === undefined ? {} : { basis: authorisation.basis }),
    channels: Object.freeze([...authorisation.channels]) as Channel[],
    ...(authorisation.viaResellerId === undefined ? {} : { viaResellerId: authorisation.viaResellerId }),
    ...(authorisation.since === undefined ? {} : { since: authorisation.since }),
    revocationPending: authorisation.revocationPending,
  });

/**
 * "Validate device submission data": the consent, by consent-domain's `authorisationFor` over this
 * instance's read models, and the devices' own verdict when the partner sent them.
 *
 * A partner asks before every registration attempt, mostly the same question again: the consent part of
 * the answer is kept (frozen) for the read models' committed position it was read at, and all of it is
 * dropped as soon as that position moves (the runner commits, then moves it, in one synchronous step). An
 * answer that rests on a pending consent request (which expires by the clock, not by an event) is never kept.
 */
@Injectable()
export class DeviceSubmissionValidation {
  private readonly consentAnswers = new Map<string, KeptAnswer>();
  private answersAt: bigint | undefined;

  constructor(private readonly readModels: ReadModels) {}

  answer(target: SubmissionTarget, devices?: DeviceSubmissionVerdict): DeviceSubmissionVerdictView {
    const consent = this.consent(target).view;
    return devices === undefined ? consent : { ...consent, devices: { ...devices, rows: [...devices.rows] } };
  }

  /**
   * `answer(target)` (no devices) as the JSON text of the response body, `JSON.stringify` of the same view: kept
   * with the answer, so the usual call, asked again at the same position, is not serialised again.
   */
  answerJson(target: SubmissionTarget): string {
    const kept = this.consent(target);
    return (kept.json ??= JSON.stringify(kept.view));
  }

  private consent(target: SubmissionTarget): KeptAnswer {
    // The folded position, not the followed one: an idempotency record or a notary checkpoint changes no answer.
    const position = this.readModels.foldedPosition;
    if (position !== this.answersAt) {
      this.consentAnswers.clear();
      this.answersAt = position;
    }
    // Unambiguous whatever the ids hold: the partner id's length first, the channel (one of CHANNELS) last.
    const key = `${target.partnerId.length}:${target.partnerId}\u0000${target.customerTenantId}\u0000${target.channel}`;
    const known = this.consentAnswers.get(key);
    if (known !== undefined) return known;
    const answer = authorisationAnswer(this.readModels.reader, { ...target, now: new Date() });
    const kept: KeptAnswer = { view: consentView(answer) };
    if (answer.untilNextCommit && position !== undefined) {
      if (this.consentAnswers.size >= CONSENT_ANSWERS_KEPT) this.consentAnswers.clear();
      this.consentAnswers.set(key, kept);
    }
    return kept;
  }
}
