import { Transform } from 'class-transformer';

/**
 * A whole number as a query parameter or a setting writes it: decimal digits only. `Number()` (what `@Type(() =>
 * Number)` does) would also read "1e2", "0x10", "0b11" or " 7 " as numbers; those stay text here, so `@IsInt` refuses
 * them with the field's own message.
 */
export const DecimalInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value));
