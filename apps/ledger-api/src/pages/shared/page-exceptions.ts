import { ForbiddenException } from '@nestjs/common';

/** A form posted without the token of one of our pages: 403, nothing done. */
export class CsrfRefusedException extends ForbiddenException {
  constructor() {
    super('the form did not carry a valid CSRF token');
  }
}
