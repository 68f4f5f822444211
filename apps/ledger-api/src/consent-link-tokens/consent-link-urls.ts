import { Injectable } from '@nestjs/common';
import { LedgerConfig } from '../config/ledger-config.js';
import { ConsentLinkToken, type ConsentLinkTarget } from './consent-link-token.js';

/** The absolute consent links customers are sent: `PUBLIC_BASE_URL/v1/consent-links/<token>`. */
@Injectable()
export class ConsentLinks {
  constructor(
    private readonly tokens: ConsentLinkToken,
    private readonly config: LedgerConfig,
  ) {}

  urlOf(target: ConsentLinkTarget): string {
    const base = this.config.PUBLIC_BASE_URL ?? `http://localhost:${this.config.PORT}`;
    return `${base}/v1/consent-links/${this.tokens.sign(target)}`;
  }

  targetOf(token: string): ConsentLinkTarget | undefined {
    return this.tokens.verify(token);
  }
}
