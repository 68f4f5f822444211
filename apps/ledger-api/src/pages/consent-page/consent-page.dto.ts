import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsFormKey } from '../shared/form-key.js';

/** The consent form: "Yes" ticked (or not), and a key so that a double click records one acceptance. */
export class AcceptConsentForm {
  @IsString()
  csrf!: string;

  @IsOptional()
  @IsIn(['yes'])
  yes?: 'yes';

  @IsFormKey()
  idempotencyKey!: string;
}
