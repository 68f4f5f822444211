import type { RecordedEvent } from '../storage/event-log.js';
import { isMetastream, originalStreamOf, type StreamRules } from './stream-metadata.js';

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

/**
 * Whether a stream is deleted for good: tombstoned, or the metastream of a tombstoned stream (EventStoreDB's
 * metastream goes with its stream: reading or writing either fails with StreamDeleted).
 */
export function isHardDeleted(streamState: StreamVisibility['streamState'], streamId: string): boolean {
  return streamState(streamId).tombstoned || (isMetastream(streamId) && streamState(originalStreamOf(streamId)).tombstoned);
}

/** Whether this event can still be read under its stream's rules (`$tb`, `$maxCount`, `$maxAge`, deletion). */
export function isVisible(store: StreamVisibility, event: RecordedEvent): boolean {
  if (isHardDeleted((streamId) => store.streamState(streamId), event.streamId)) return false;
  const state = store.streamState(event.streamId);
  const rules = store.streamRules(event.streamId);
  if (rules.softDeleted) return false;
  const { minRevision, minCreated } = visibleFrom(rules, state.last);
  return event.revision >= minRevision && (minCreated === undefined || event.createdTicks >= minCreated);
}
