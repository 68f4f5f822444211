import { isVisible } from '../metadata/visibility.js';
import type { RecordedEvent } from '../storage/event-log.js';
import type { SubscribedLog } from './subscription-cursor.js';

/**
 * The event a link (`$>`, its data `revision@stream`) points to, or undefined when the link is malformed, its
 * target is not in the log, or its stream's rules (`$tb`, `$maxCount`, `$maxAge`, deletion) hide it, as a read
 * resolving links does: EventStoreDB then delivers the link alone.
 */
export function resolveLink(link: RecordedEvent, log: SubscribedLog): RecordedEvent | undefined {
  const pointer = link.data.toString('utf8');
  const at = pointer.indexOf('@');
  if (at <= 0) return undefined;
  const revisionText = pointer.slice(0, at);
  const streamId = pointer.slice(at + 1);
  if (!/^\d+$/.test(revisionText) || streamId === '') return undefined;
  const revision = BigInt(revisionText);
  const [target] = log.readStreamForwards(streamId, revision, 1);
  return target?.revision === revision && isVisible(log, target) ? target : undefined;
}
