import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

/** The consent form: "Yes" ticked (or not), and a key so that a double click records one acceptance. */
export class AcceptConsentForm {
  @IsString()
  csrf!: string;

  @IsOptional()
  @IsIn(['yes'])
  yes?: 'yes';

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'the form is malformed: reload the page' })
  idempotencyKey!: string;
}
