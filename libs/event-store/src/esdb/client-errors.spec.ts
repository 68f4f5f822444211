import { AccessDeniedError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import { toPortError } from './client-errors.js';

describe('toPortError', () => {
  it('turns a wrong expected version into a ConcurrencyError with both revisions', () => {
    const error = toPortError(
      new WrongExpectedVersionError(undefined, { streamName: 'partner-P1', expected: 'no_stream', current: 2n }),
      'append to partner-P1',
    );
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ stream: 'partner-P1', expected: 'no_stream', actual: 2n });
  });

  it('turns UNAVAILABLE and a refused connection into StoreUnavailableError', () => {
    expect(toPortError(new UnavailableError(undefined, 'No connection established'), 'ping')).toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(toPortError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 14 }), 'ping')).toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('lets faults a retry cannot fix pass unchanged', () => {
    const denied = new AccessDeniedError(undefined, 'Access denied');
    expect(toPortError(denied, 'read $all')).toBe(denied);
  });
});
