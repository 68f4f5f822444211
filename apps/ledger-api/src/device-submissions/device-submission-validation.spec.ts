import { jest } from '@jest/globals';
import type { LedgerEvent } from '@ledger/consent-domain';
import { applyLedgerEvent, InMemoryReadModels, ledgerEvents as ev } from '@ledger/projections';
import type { ReadModels } from '../read-models/read-models.service.js';
import { DeviceSubmissionValidation } from './device-submission-validation.js';

const CONTOSO = '11111111-1111-4111-8111-111111111111';

/** What the validation reads of ReadModels: the committed read models and their position, moved by each commit. */
class CommittedReadModels {
  readonly reader = new InMemoryReadModels();
  foldedPosition: bigint | undefined;

  commit(...events: LedgerEvent[]): void {
    for (const event of events) {
      const position = (this.foldedPosition ?? 0n) + 1n;
      applyLedgerEvent(this.reader, event, position);
      this.foldedPosition = position;
    }
  }
}

const validationOver = (readModels: CommittedReadModels): DeviceSubmissionValidation =>
  new DeviceSubmissionValidation(readModels as unknown as ReadModels);

describe('DeviceSubmissionValidation (the consent part of "Validate device submission data")', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same question alike until a commit, then from what was committed', () => {
    const readModels = new CommittedReadModels();
    readModels.commit(ev.partnerEnrolled('OEM1', 'OEM'), ev.oemConsentAccepted('OEM1', 'L1', CONTOSO));
    const validation = validationOver(readModels);
    const target = { partnerId: 'OEM1', customerTenantId: CONTOSO, channel: 'OEM_DIRECT_API' } as const;
    const first = validation.answer(target);
    expect(first).toEqual({
      authorised: true,
      reasonCode: 'AUTHORISED',
      reason: expect.any(String),
      basis: 'OEM_CONSENT',
      channels: ['OEM_DIRECT_API'],
      since: ev.AT,
      revocationPending: false,
    });
    expect(validation.answer(target)).toEqual(first);
    expect(validation.answer({ ...target, channel: 'PARTNER_CENTER_API' })).toMatchObject({ authorised: false, reasonCode: 'CHANNEL_NOT_ALLOWED' });

    readModels.commit(ev.revocationRequested('V1', 'OEM1', CONTOSO));
    expect(validation.answer(target)).toMatchObject({ authorised: true, revocationPending: true });
    readModels.commit(ev.revocationCompleted('V1', 'OEM1', CONTOSO));
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'OEM_REVOCATION_COMPLETED', channels: [] });
    expect(validation.answer({ ...target, partnerId: 'OEM2' })).toMatchObject({ authorised: false, reasonCode: 'NOT_ENROLLED' });
  });

  it('an answer resting on a pending consent request changes when the request expires, with no event', () => {
    jest.useFakeTimers({ now: new Date('2026-03-10T10:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const readModels = new CommittedReadModels();
    readModels.commit(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO, expiresAt: '2026-03-10T11:00:00.000Z' }),
    );
    const validation = validationOver(readModels);
    const target = { partnerId: 'CSP1', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' } as const;
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'CONSENT_REQUEST_PENDING' });
    jest.setSystemTime(new Date('2026-03-10T12:00:00.000Z'));
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT' });
  });

  it('keeps a refusal that rests on no pending consent request until a commit brings one', () => {
    jest.useFakeTimers({ now: new Date('2026-03-10T10:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const readModels = new CommittedReadModels();
    readModels.commit(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO, expiresAt: '2026-03-10T09:00:00.000Z' }),
    );
    const validation = validationOver(readModels);
    const target = { partnerId: 'CSP1', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' } as const;
    const pages = jest.spyOn(readModels.reader, 'page');
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT' });
    expect(pages).toHaveBeenCalledTimes(1);
    jest.setSystemTime(new Date('2026-03-11T10:00:00.000Z'));
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT' });
    expect(pages).toHaveBeenCalledTimes(1);

    readModels.commit(ev.consentRequested('R2', 'CSP1', { customerTenantId: CONTOSO, expiresAt: '2026-03-11T11:00:00.000Z' }));
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'CONSENT_REQUEST_PENDING' });
    expect(validation.answer(target)).toMatchObject({ authorised: false, reasonCode: 'CONSENT_REQUEST_PENDING' });
    expect(pages).toHaveBeenCalledTimes(3);
  });

  it('gives every caller an answer it cannot change for the next one, and the devices verdict after the consent', () => {
    const readModels = new CommittedReadModels();
    readModels.commit(ev.partnerEnrolled('CSP1', 'CSP_DIRECT'), ev.cspConsentAccepted('R1', 'CSP1', CONTOSO));
    const validation = validationOver(readModels);
    const target = { partnerId: 'CSP1', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' } as const;
    const answer = validation.answer(target);
    expect(() => (answer.channels as string[]).push('OEM_DIRECT_API')).toThrow(TypeError);
    expect(() => Object.assign(answer, { authorised: false })).toThrow(TypeError);
    expect(validation.answer(target)).toMatchObject({ authorised: true, channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'] });

    const devices = { valid: 1, invalid: 0, rows: [{ row: 1, ok: true }] };
    const withDevices = validation.answer(target, devices);
    expect(Object.keys(withDevices).at(-1)).toBe('devices');
    expect(withDevices).toEqual({ ...answer, devices });
    expect(validation.answer(target)).not.toHaveProperty('devices');
  });

  it('gives the answer as JSON text, the same as serialising answer(target), until a commit changes it', () => {
    const readModels = new CommittedReadModels();
    readModels.commit(ev.partnerEnrolled('OEM1', 'OEM'), ev.oemConsentAccepted('OEM1', 'L1', CONTOSO));
    const validation = validationOver(readModels);
    const target = { partnerId: 'OEM1', customerTenantId: CONTOSO, channel: 'OEM_DIRECT_API' } as const;
    const json = validation.answerJson(target);
    expect(json).toBe(JSON.stringify(validation.answer(target)));
    expect(JSON.parse(json)).toMatchObject({ authorised: true, basis: 'OEM_CONSENT' });
    readModels.commit(ev.revocationRequested('V1', 'OEM1', CONTOSO), ev.revocationCompleted('V1', 'OEM1', CONTOSO));
    expect(JSON.parse(validation.answerJson(target))).toMatchObject({ authorised: false, reasonCode: 'OEM_REVOCATION_COMPLETED' });
    expect(validation.answerJson({ ...target, channel: 'PARTNER_CENTER_API' })).toBe(JSON.stringify(validation.answer({ ...target, channel: 'PARTNER_CENTER_API' })));
  });
});
