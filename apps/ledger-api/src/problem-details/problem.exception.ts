import { HttpException } from '@nestjs/common';
import { statusTitle, type ProblemDetails } from './problem-details.js';

export interface ProblemInit {
  readonly status: number;
  readonly detail: string;
  /** A slug (see `problemType`) or a full URI; `about:blank` when omitted. */
  readonly type?: string;
  readonly title?: string;
  /** Extension members, e.g. `errors` for validation. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers, e.g. `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An HTTP error that carries its problem details. Controllers and guards throw it (or any Nest
 * `HttpException`, which is mapped too); the global filter writes it as `application/problem+json`.
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(init.detail, init.status);
    this.problem = {
      ...init.extensions,
      type: init.type ?? 'about:blank',
      title: init.title ?? statusTitle(init.status),
      status: init.status,
      detail: init.detail,
    };
    this.headers = init.headers ?? {};
  }
}
