import {
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from './access.decorators.js';
import { attachActor } from './request-actor.js';
import { IssuerUnreachableError, TokenRejectedError } from './token-rejection.js';
import { TokenVerifier } from './token-verifier.js';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpReply {
  header(name: string, value: string): unknown;
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** Global: every route needs a valid bearer token unless marked `@Public()`. 401 says what was wrong with it. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    try {
      attachActor(request, await this.verifier.verify(bearerToken(request)));
      return true;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        // RFC 6750: tell the client which scheme to use and that its token, if any, was the problem.
        http.getResponse<HttpReply>().header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new UnauthorizedException(error.message);
      }
      if (error instanceof IssuerUnreachableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }
}

const bearerToken = (request: HttpRequest): string => {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new TokenRejectedError('no bearer token: send "Authorization: Bearer <JWT>"');
  }
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match?.[1] === undefined) {
    throw new TokenRejectedError('the Authorization header is not "Bearer <JWT>"');
  }
  return match[1];
};
