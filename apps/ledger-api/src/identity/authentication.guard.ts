import {
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from './actor.js';
import { attachActor } from './request-actor.js';
import { routeAccessOf } from './route-access.js';
import { IssuerUnreachableError, TokenRejectedError } from './token-rejection.js';
import { TokenVerifier } from './token-verifier.js';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpReply {
  header(name: string, value: string): unknown;
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** No credentials at all: RFC 6750 §3.1 asks for the challenge without an error code. */
class MissingTokenError extends TokenRejectedError {}

/**
 * Global: every route needs a valid bearer token unless marked `@Public()`. 401 says what was wrong with it.
 * A token verified before (TokenVerifier's cache) is answered synchronously, without a promise.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (routeAccessOf(this.reflector, context.getHandler(), context.getClass()).isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    let token: string;
    try {
      token = bearerToken(request);
      const known = this.verifier.verifiedBefore(token);
      if (known !== undefined) {
        attachActor(request, known);
        return true;
      }
    } catch (error) {
      throw refusal(context, error);
    }
    return this.verifier.verify(token).then(
      (actor: Actor) => {
        attachActor(request, actor);
        return true;
      },
      (error: unknown) => {
        throw refusal(context, error);
      },
    );
  }
}

/** What a failed authentication answers: 401 for the token (RFC 6750's header), 503 when the issuer is unreachable. */
const refusal = (context: ExecutionContext, error: unknown): unknown => {
  if (error instanceof TokenRejectedError) {
    // RFC 6750 §3: the scheme to use and, when a token was sent, that the token was the problem.
    const challenge = error instanceof MissingTokenError ? 'Bearer realm="consent-ledger"' : 'Bearer realm="consent-ledger", error="invalid_token"';
    context.switchToHttp().getResponse<HttpReply>().header('WWW-Authenticate', challenge);
    return new UnauthorizedException(error.message);
  }
  if (error instanceof IssuerUnreachableError) return new ServiceUnavailableException(error.message);
  return error;
};

const bearerToken = (request: HttpRequest): string => {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new MissingTokenError('no bearer token: send "Authorization: Bearer <JWT>"');
  }
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match?.[1] === undefined) {
    throw new TokenRejectedError('the Authorization header is not "Bearer <JWT>"');
  }
  return match[1];
};
