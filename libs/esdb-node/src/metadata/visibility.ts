import type { RecordedEvent } from '../storage/event-log.js';
import type { StreamRules } from './stream-metadata.js';

/** What decides which of a stream's events can still be read: its state and its metadata's rules. */
export interface StreamVisibility {
  streamState(streamId: string): { last: bigint; tombstoned: boolean };
  streamRules(streamId: string): StreamRules;
}

/** The lowest revision a stream's rules leave visible, and the oldest `created` (ticks) allowed. */
export function visibleFrom(rules: StreamRules, last: bigint): { minRevision: bigint; minCreated: bigint | undefined } {
  let minRevision = 0n;
  if (rules.truncateBefore !== undefined) minRevision = rules.truncateBefore;
  if (rules.maxCount !== undefined) {
    const fromCount = last - rules.maxCount + 1n;
    if (fromCount > minRevision) minRevision = fromCount;
  }
  const minCreated =
    rules.maxAge !== undefined ? BigInt(Date.now() - Math.round(rules.maxAge * 1000)) * 10_000n : undefined;
  return { minRevision, minCreated };
}

/** Whether this event can still be read under its stream's rules (`$tb`, `$maxCount`, `$maxAge`, deletion). */
export function isVisible(store: StreamVisibility, event: RecordedEvent): boolean {
  const state = store.streamState(event.streamId);
  if (state.tombstoned) return false;
  const rules = store.streamRules(event.streamId);
  if (rules.softDeleted) return false;
  const { minRevision, minCreated } = visibleFrom(rules, state.last);
  return event.revision >= minRevision && (minCreated === undefined || event.createdTicks >= minCreated);
}
