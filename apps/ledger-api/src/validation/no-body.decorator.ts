import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';

/**
 * The body of a write that takes none: absent or `{}`. Any field is refused (400 naming it), as every DTO refuses
 * unknown fields, rather than dropped unseen: a `reason` sent to complete a revocation or to cancel a request would
 * otherwise be lost while the caller believes it recorded. (An empty DTO cannot say this: class-validator refuses
 * an object of a class with no rules at all.)
 */
export const NoBody = createParamDecorator((_data: unknown, context: ExecutionContext): undefined => {
  const { body } = context.switchToHttp().getRequest<{ body?: unknown }>();
  if (body === undefined || body === null) return undefined;
  const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : ['(body)'];
  if (fields.length === 0) return undefined;
  throw new ProblemException({
    status: 400,
    type: problemType('validation'),
    title: 'Invalid input',
    detail: `This request takes no body; ${fields.join(', ')} would be ignored. Send no body (or {}).`,
    extensions: { errors: fields.map((field) => ({ field, message: `property ${field} should not exist: this request takes no body` })) },
  });
});
