import { Matches, type ValidationOptions } from 'class-validator';

// Control characters (Unicode category Cc: C0, DEL and C1), and the same but for tab, line feed and carriage return.
const ONE_LINE = /^[^\p{Cc}]*$/u;
const LINES = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

/**
 * Text shown to people as one line (a partner's name in a consent email's subject, on the consent page; a role name):
 * no control character, not even a line break, which would let it forge more lines or headers where it is shown.
 */
export const OneLineText = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(ONE_LINE, { message: ({ property }) => `${property} must be one line of text, without control characters`, ...options });

/** Free text (a reason): lines, tabs allowed, no other control character. */
export const PrintableText = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(LINES, { message: ({ property }) => `${property} must be text, without control characters other than line breaks and tabs`, ...options });
