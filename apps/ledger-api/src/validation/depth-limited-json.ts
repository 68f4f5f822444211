import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';

/** How deep a JSON body may nest (no request of the API needs more than a few levels). */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests objects or arrays more than `limit` levels deep (walked without recursion). */
export const nestedDeeperThan = (value: unknown, limit: number): boolean => {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(next)) pending.push([child, depth + 1]);
  }
  return false;
};

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Fastify's own JSON parser (with its prototype-poisoning checks, as configured), refusing a body nested deeper than
 * MAX_JSON_DEPTH with a 400 problem: validation walks a body recursively, and a few kilobytes of brackets would
 * otherwise overflow its stack (a 500).
 */
export const depthLimitedJson = (fastify: FastifyInstance): ((request: FastifyRequest, body: Buffer, done: Done) => void) => {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  return (request, body, done) =>
    parse(request, body as unknown as string, (error, value) => {
      if (error) done(error);
      else if (nestedDeeperThan(value, MAX_JSON_DEPTH)) done(tooDeep());
      else done(null, value);
    });
};

const tooDeep = (): ProblemException =>
  new ProblemException({
    status: 400,
    type: problemType('json-too-deep'),
    title: 'JSON nested too deep',
    detail: `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no route of this API takes such a body.`,
  });
