import { Injectable } from '@nestjs/common';
import { ConsentLinks } from '../consent-link-tokens/consent-link-urls.js';
import type { ConsentLinkTarget } from '../consent-link-tokens/consent-link-token.js';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';

/**
 * The link a token names; 404 for a token this service did not sign. A forged, altered and unknown token
 * get the same answer, so the answer says nothing about which ids exist.
 */
@Injectable()
export class ConsentLinkResolver {
  constructor(private readonly links: ConsentLinks) {}

  targetOf(token: string): ConsentLinkTarget {
    const target = this.links.targetOf(token);
    if (target === undefined) {
      throw new ProblemException({
        status: 404,
        type: problemType('refusal:consent-link-not-found'),
        detail: 'no consent link matches this token; check that the whole link was copied from the email',
        extensions: { code: 'CONSENT_LINK_NOT_FOUND' },
      });
    }
    return target;
  }
}
