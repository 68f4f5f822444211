import type { Metadata, ServerErrorResponse } from '@grpc/grpc-js';
import { timingSafeEqual } from 'node:crypto';
import { accessDenied, notAuthenticated } from '../grpc/errors.js';

export interface NodeCredentials {
  username: string;
  password: string;
}

/**
 * Basic credentials, as EventStoreDB checks them. A call that carries an `authorization` header
 * must match the node's user, or it fails with UNAUTHENTICATED (the client's AccessDeniedError).
 * A call without one: refused with access-denied on a TLS node; allowed on a plaintext node,
 * because the client never sends credentials over an insecure channel (EventStoreDB's
 * `--insecure` mode likewise runs without authentication).
 */
export class Authenticator {
  private readonly expected: Buffer;

  constructor(
    credentials: NodeCredentials,
    private readonly secure: boolean,
  ) {
    this.expected = Buffer.from(`Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`);
  }

  /** undefined when the call may proceed, otherwise the error to end it with. */
  check(metadata: Metadata): ServerErrorResponse | undefined {
    const header = metadata.get('authorization')[0];
    if (header === undefined) return this.secure ? accessDenied() : undefined;
    const given = Buffer.from(String(header));
    if (given.length === this.expected.length && timingSafeEqual(given, this.expected)) return undefined;
    return notAuthenticated();
  }
}
