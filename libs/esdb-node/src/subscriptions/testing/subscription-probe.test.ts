// Test support (not a test: jest runs *.spec.ts only, and the build skips *.test.ts).
import type { Position, ResolvedEvent, StreamSubscription, AllStreamSubscription } from '@eventstore/db-client';

/** What a client-side subscription has seen, in order: events, `caughtUp`, checkpoints, its error. */
export interface SubscriptionProbe {
  readonly events: ResolvedEvent[];
  readonly checkpoints: Position[];
  /** Index in `events` at which `caughtUp` arrived (events before it came from catch-up), or -1. */
  caughtUpAt: number;
  confirmed: boolean;
  error: Error | undefined;
}

export function probe(subscription: StreamSubscription | AllStreamSubscription, options: { paused?: boolean } = {}): SubscriptionProbe {
  const seen: SubscriptionProbe = { events: [], checkpoints: [], caughtUpAt: -1, confirmed: false, error: undefined };
  subscription.on('confirmation', () => (seen.confirmed = true));
  subscription.on('caughtUp', () => (seen.caughtUpAt = seen.events.length));
  subscription.on('error', (error: Error) => (seen.error = error));
  if (!options.paused) subscription.on('data', (event: ResolvedEvent) => seen.events.push(event));
  return seen;
}

/** Waits until `condition` holds, failing with `what` if it does not within the time limit. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `type-n` for each event, for compact expectations. */
export const typesOf = (events: readonly ResolvedEvent[]): string[] => events.map((e) => e.event?.type ?? '(link only)');
