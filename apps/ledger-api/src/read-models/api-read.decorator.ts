import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid query (limit, cursor, minPosition): problem+json with `errors`',
  401: 'No or invalid bearer token',
  403: 'Not allowed: another partner or tenant, or the wrong role (the `detail` says why)',
  404: 'Not found',
  503: 'The read model has not reached `minPosition` / `Ledger-Position` in time, or the store is unreachable (with Retry-After)',
};

const problems = (statuses: readonly number[]): MethodDecorator[] =>
  statuses.map((status) =>
    ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'problem+json', content: { 'application/problem+json': {} } }),
  );

const readYourWrites = ApiHeader({
  name: 'Ledger-Position',
  required: false,
  description: "Answer only once this instance's read model includes this $all position (a write's Ledger-Position).",
});

/** A query route: bearer token, read-your-writes header, its problems. */
export const ApiRead = (options: { readonly type: Type<unknown>; readonly problems: readonly number[] }): MethodDecorator =>
  applyDecorators(ApiBearerAuth(), readYourWrites, ApiOkResponse({ type: options.type }), ...problems(options.problems));

/** A paged list route: `{ items: Item[], nextCursor }`. */
export const ApiPage = (options: { readonly item: Type<unknown>; readonly problems: readonly number[] }): MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    readYourWrites,
    ApiExtraModels(options.item),
    ApiOkResponse({
      description: 'One page; pass `nextCursor` as `cursor` for the next (null on the last page).',
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(options.item) } },
          nextCursor: { type: 'string', nullable: true, example: 'WyIxMTExIiwiUDFfMTExMSIsIkFFMzB3LVZFVEI2MXRKNXoiXQ' },
        },
      },
    }),
    ...problems(options.problems),
  );
