import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PrintableText } from '../../validation/printable-text.js';
import { IsFormKey } from '../shared/form-key.js';

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

/** "Remove delegated admin rights" of one partner. */
export class RemoveDapForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;
}

/** "Ask support to revoke" an OEM, with the customer's reason. */
export class AskOemRevocationForm {
  @IsString()
  csrf!: string;

  @IsFormKey()
  idempotencyKey!: string;

  @IsString()
  @Matches(PARTNER_ID, { message: 'the partner id is 1 to 64 letters, digits, "." or "-"' })
  partnerId!: string;

  @IsString()
  @MinLength(1, { message: 'give a reason' })
  @MaxLength(2000, { message: 'the reason is at most 2000 characters' })
  @PrintableText({ message: 'the reason may hold line breaks, but no other control character' })
  reason!: string;
}
