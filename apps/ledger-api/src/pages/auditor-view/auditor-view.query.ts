import { IsOptional, IsString, Matches } from 'class-validator';
import { CURSOR } from '../shared/list-paging.js';

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

  /** Where the timeline's page starts: the API's `nextCursor` of the previous page (none: the first page). */
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'the timeline cursor is a nextCursor of the API, unchanged' })
  timelineCursor?: string;

  /** Where the authorisations' page starts, likewise. */
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'the authorisations cursor is a nextCursor of the API, unchanged' })
  authorisationsCursor?: string;
}

/** The view's cursors: not typed, but a wrong one is the view's 400 in words (a link to the first page), not an error. */
export const CURSOR_FIELDS = ['timelineCursor', 'authorisationsCursor'] as const;

/** The instant the API takes: a `datetime-local` value has no zone, and the page labels it UTC. */
export const asOfInstant = (value: string): string => {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  return `${value.length === 16 ? `${value}:00` : value}Z`;
};
