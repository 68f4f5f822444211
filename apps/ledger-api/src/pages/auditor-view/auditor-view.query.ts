import { IsOptional, IsString, Matches } from 'class-validator';

/** The auditor's three questions, as GET forms (nothing is changed, so no CSRF token). */
export class AuditorViewQuery {
  @IsOptional()
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'the tenant id is 1 to 128 letters, digits, ".", "_" or "-"' })
  tenantId?: string;

  @IsOptional()
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, { message: 'the partner id is 1 to 64 letters, digits, "." or "-"' })
  partnerId?: string;

  /** From a `datetime-local` input (read as UTC) or a full ISO 8601 instant. */
  @IsOptional()
  @IsString()
  @Matches(/^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, { message: 'the date is YYYY-MM-DDTHH:MM (UTC)' })
  asOf?: string;

  @IsOptional()
  @IsString()
  lang?: string;
}

/** The instant the API takes: a `datetime-local` value has no zone, and the page labels it UTC. */
export const asOfInstant = (value: string): string => {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  return `${value.length === 16 ? `${value}:00` : value}Z`;
};
