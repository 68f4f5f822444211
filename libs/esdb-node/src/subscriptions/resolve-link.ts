import type { EventLog, RecordedEvent } from '../storage/event-log.js';

/**
 * The event a link (`$>`, its data `revision@stream`) points to, or undefined when the link is malformed
 * or its target is not in the log: EventStoreDB then delivers the link alone. The log is read raw, so a
 * target hidden by its stream's metadata (`$tb`, `$maxCount`, `$maxAge`) still resolves.
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
