import { ProblemException } from '../problem-details/problem.exception.js';
import { problemType } from '../problem-details/problem-details.js';

/** A cursor this API did not hand out: a 400 naming the `cursor` field, the same for every list. */
export const invalidCursorProblem = (message: string): ProblemException =>
  new ProblemException({
    status: 400,
    type: problemType('validation'),
    title: 'Invalid request',
    detail: message,
    extensions: { errors: [{ field: 'cursor', message }] },
  });
