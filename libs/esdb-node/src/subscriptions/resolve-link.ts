import type { EventLog, RecordedEvent } from '../storage/event-log.js';

/** The event type of a link: its data points at another event as `revision@stream`. */
export const LINK_EVENT_TYPE = '$>';

/**
 * The event a link points to, or undefined when the link is malformed or its target no longer exists
 * (deleted or truncated stream): EventStoreDB then delivers the link alone.
 */
export function resolveLink(link: RecordedEvent, log: EventLog): RecordedEvent | undefined {
  const pointer = link.data.toString('utf8');
  const at = pointer.indexOf('@');
  if (at <= 0) return undefined;
  const revisionText = pointer.slice(0, at);
  const streamId = pointer.slice(at + 1);
  if (!/^\d+$/.test(revisionText) || streamId === '') return undefined;
  const revision = BigInt(revisionText);
  const [target] = log.readStreamForwards(streamId, revision, 1);
  return target?.revision === revision ? target : undefined;
}
