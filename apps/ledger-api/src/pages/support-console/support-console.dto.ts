import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OneLineText, PrintableText } from '../../validation/printable-text.js';
import { IsFormKey } from '../shared/form-key.js';

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;
const PARTNER_ID_MESSAGE = 'the partner id is 1 to 64 letters, digits, "." or "-"';
const KINDS = ['CSP_DIRECT', 'CSP_INDIRECT_RESELLER', 'CSP_INDIRECT_PROVIDER', 'OEM'] as const;

export class CompleteRevocationForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;
}

export class RejectRevocationForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;

  @IsString()
  @MinLength(1, { message: 'give a reason' })
  @MaxLength(2000, { message: 'the reason is at most 2000 characters' })
  @PrintableText({ message: 'the reason may hold line breaks, but no other control character' })
  reason!: string;
}

export class IssueOemLinkForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;

  @IsString()
  @Matches(PARTNER_ID, { message: PARTNER_ID_MESSAGE })
  partnerId!: string;
}

export class EnrolPartnerForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;

  @IsString()
  @Matches(PARTNER_ID, { message: PARTNER_ID_MESSAGE })
  partnerId!: string;

  @IsString()
  @MinLength(1, { message: 'give the name customers will see' })
  @MaxLength(200)
  @OneLineText({ message: 'the name is one line, without control characters' })
  name!: string;

  @IsIn(KINDS, { message: `the kind is one of ${KINDS.join(', ')}` })
  kind!: (typeof KINDS)[number];

  @IsOptional()
  @IsIn(['yes'])
  oemDirectApiEligible?: 'yes';

  @IsOptional()
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, { message: PARTNER_ID_MESSAGE })
  indirectProviderId?: string;
}
