import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** RFC 9457 problem details: the body of every 4xx and 5xx answer. Extension members may be added. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** One invalid input field, as validation problems list them. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * Problem types of this service. A problem that says no more than its HTTP status uses `about:blank`
 * (RFC 9457 §4.2.1), whose title is the status phrase.
 */
export const problemType = (slug: string): string => `urn:consent-ledger:problem:${slug}`;

export const statusTitle = (status: number): string => STATUS_CODES[status] ?? 'Error';
