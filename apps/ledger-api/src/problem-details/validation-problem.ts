import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem-details.js';
import { problemType } from './problem-details.js';
import { ProblemException } from './problem.exception.js';

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', message }` pairs. */
export const toFieldErrors = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });

/** The `exceptionFactory` of the global ValidationPipe: a 400 problem listing every invalid field. */
export const validationProblem = (errors: ValidationError[]): ProblemException => {
  const fieldErrors = toFieldErrors(errors);
  return new ProblemException({
    status: 400,
    type: problemType('validation'),
    title: 'Invalid input',
    detail: `${fieldErrors.length} field(s) are invalid: ${fieldErrors.map((e) => e.field).join(', ')}. Fix them and retry.`,
    extensions: { errors: fieldErrors },
  });
};
