/**
 * What the service records beside every event's data (domain.md, "Events"): who did it, why, when.
 * Deciders never build it: they know neither the request nor the clock of the server; the command
 * handler adds it when it appends.
 */
export interface EventMetadata {
  /** Who sent the command, from the verified token. */
  readonly actor: {
    readonly sub: string;
    readonly tid: string;
    readonly roles: readonly string[];
    /** `upn` or `preferred_username`, when the caller is a user. */
    readonly signInName?: string;
    /** For partner callers, the partner they act for. */
    readonly partnerId?: string;
  };
  /** The id shared by everything one business operation caused (the first command's id when none came in). */
  readonly correlationId: string;
  /** The id of the command (or event) that directly caused this event. */
  readonly causationId: string;
  /** The command type that produced the event, e.g. `AcceptConsent`. */
  readonly commandType?: string;
  /** The caller's `Idempotency-Key`, when it sent one, so a replay can find the first response. */
  readonly idempotencyKey?: string;
  /** A digest of the request body the key was first used with, to answer 422 to another body. */
  readonly idempotencyBodyHash?: string;
  /** Server time of the append, ISO-8601 UTC: the same instant given to `decide` as `now`. */
  readonly serverTime: string;
}
