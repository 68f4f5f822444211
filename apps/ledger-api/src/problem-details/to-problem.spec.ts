import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ConcurrencyError, StoreUnavailableError } from '@ledger/event-store';
import { ProblemException } from './problem.exception.js';
import { toProblem } from './to-problem.js';

const context = { bodyLimitBytes: 1024 };

describe('toProblem', () => {
  it('maps a concurrency error to 409 without naming internal streams', () => {
    const { problem, headers } = toProblem(new ConcurrencyError('relationship-P1-T1', 3n, 4n), context);
    expect(problem).toMatchObject({ status: 409, type: 'urn:consent-ledger:problem:concurrency-conflict' });
    expect(problem.detail).not.toContain('relationship-P1-T1');
    expect(headers).toEqual({});
  });

  it('maps an unreachable store to 503 with Retry-After', () => {
    const { problem, headers } = toProblem(new StoreUnavailableError('append to s', 'connection refused'), context);
    expect(problem).toMatchObject({ status: 503, type: 'urn:consent-ledger:problem:store-unavailable' });
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it('keeps what a ProblemException says, extensions and headers included', () => {
    const thrown = new ProblemException({
      status: 403,
      detail: 'only a Global Administrator of tenant T1 may accept',
      extensions: { tenantId: 'T1' },
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
    const { problem, headers } = toProblem(thrown, context);
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'only a Global Administrator of tenant T1 may accept',
      tenantId: 'T1',
    });
    expect(headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('turns the router 404 into a detail pointing at the docs', () => {
    const { problem } = toProblem(new NotFoundException('Cannot GET /nowhere'), context);
    expect(problem).toMatchObject({ status: 404, title: 'Not Found', detail: expect.stringContaining('GET /nowhere') });
  });

  it('names the body limit for an oversized body', () => {
    const tooLarge = new HttpException('Request body is too large', 413, {
      cause: Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
    });
    expect(toProblem(tooLarge, context).problem).toMatchObject({ status: 413, detail: expect.stringContaining('1024 bytes') });
  });

  it('passes a plain 4xx HttpException with its message', () => {
    expect(toProblem(new BadRequestException('cursor is not one we issued'), context).problem).toMatchObject({
      status: 400,
      detail: 'cursor is not one we issued',
    });
  });

  it('keeps a deliberate 503 (e.g. a read model still behind) and adds Retry-After', () => {
    const answer = toProblem(new ServiceUnavailableException('the read model has not reached position 42 yet'), context);
    expect(answer.problem).toMatchObject({ status: 503, detail: 'the read model has not reached position 42 yet' });
    expect(answer.headers).toEqual({ 'Retry-After': '5' });
    expect(answer.unexpected).toBe(false);
  });

  it('hides an unexpected error behind a generic 500 and flags it for logging', () => {
    const answer = toProblem(new TypeError('x is undefined at /srv/app.js:12'), context);
    expect(answer.unexpected).toBe(true);
    expect(answer.problem.status).toBe(500);
    expect(JSON.stringify(answer.problem)).not.toContain('app.js');
  });
});
