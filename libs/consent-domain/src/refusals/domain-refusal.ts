import { REFUSAL_KINDS, type RefusalCode, type RefusalKind } from './refusal-codes.js';

/** A refusal as a value: what rule said no (`code`), in a sentence a caller can act on (`message`). */
export interface Refusal {
  readonly code: RefusalCode;
  readonly kind: RefusalKind;
  readonly message: string;
}

/**
 * Thrown by deciders when a command is refused. It is the only error a decider throws on purpose;
 * anything else is a bug. The edge turns it into problem+json using `kind`.
 */
export class DomainRefusal extends Error implements Refusal {
  readonly kind: RefusalKind;

  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRefusal';
    this.kind = REFUSAL_KINDS[code];
  }

  toRefusal(): Refusal {
    return { code: this.code, kind: this.kind, message: this.message };
  }
}

export const refuse = (code: RefusalCode, message: string): never => {
  throw new DomainRefusal(code, message);
};

export const isDomainRefusal = (error: unknown): error is DomainRefusal => error instanceof DomainRefusal;
