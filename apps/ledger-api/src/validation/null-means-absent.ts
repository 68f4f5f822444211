import { Transform } from 'class-transformer';

/**
 * An optional field sent as `null` is "not given": `@IsOptional()` already lets `null` through validation, so the
 * value handed on must agree, or `null` reaches the domain (a misleading refusal) or the ledger (a field its event
 * type says is a string). Many clients serialise an unset optional field as `null`.
 */
export const NullMeansAbsent = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => value ?? undefined);
