import { ProblemException } from '../problem-details/problem.exception.js';
import { jsonSubmission } from './submission-input.js';

const CONTOSO = '11111111-1111-4111-8111-111111111111';

const refusal = (body: unknown): { status: number; fields: string[] } => {
  try {
    jsonSubmission(body);
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    const problem = error.problem as { errors?: { field: string }[] };
    return { status: error.getStatus(), fields: (problem.errors ?? []).map((entry) => entry.field) };
  }
  throw new Error('the submission was accepted');
};

describe('jsonSubmission (the JSON form of "Validate device submission data")', () => {
  it('accepts the usual pair every time it comes, and judges every other body in full, even with a pair seen before', () => {
    const pair = { customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API' };
    for (let i = 0; i < 3; i += 1) expect(jsonSubmission({ ...pair })).toEqual(pair);
    expect(refusal({ ...pair, partnerId: 'CSP2' })).toEqual({ status: 400, fields: ['partnerId'] });
    expect(refusal({ customerTenantId: CONTOSO })).toEqual({ status: 400, fields: ['channel'] });
    expect(jsonSubmission({ ...pair, devices: [] })).toEqual({ ...pair, devices: [] });
    expect(refusal({ ...pair, devices: 'none' })).toEqual({ status: 400, fields: ['devices'] });
  });

  it('refuses a bad pair every time it comes', () => {
    for (let i = 0; i < 2; i += 1) {
      expect(refusal({ customerTenantId: CONTOSO, channel: 'FAX' })).toEqual({ status: 400, fields: ['channel'] });
      expect(refusal({ customerTenantId: '', channel: 'PARTNER_CENTER_API' })).toEqual({ status: 400, fields: ['customerTenantId'] });
      expect(refusal({ customerTenantId: 'x'.repeat(101), channel: 'PARTNER_CENTER_API' })).toEqual({ status: 400, fields: ['customerTenantId'] });
      expect(refusal({ customerTenantId: 42, channel: 'PARTNER_CENTER_API' })).toMatchObject({ status: 400, fields: expect.arrayContaining(['customerTenantId']) });
      expect(refusal(['PARTNER_CENTER_API'])).toMatchObject({ status: 400 });
    }
  });
});
