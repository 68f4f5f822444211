import type { ReadRespOut } from '../grpc/streams-service.js';
import { encodeReadEvent } from '../read/encode-read-event.js';
import { streams } from '../grpc/proto.js';
import { LINK_EVENT_TYPE } from '../metadata/stream-metadata.js';
import type { RecordedEvent } from '../storage/event-log.js';
import type { SubscribedLog } from './subscription-cursor.js';
import type { OutgoingMessage } from './outbox.js';
import { resolveLink } from './resolve-link.js';

export interface EncodingOptions {
  readonly subscriptionId: string;
  readonly resolveLinks: boolean;
  readonly structuredUuids: boolean;
}

/** The `ReadResp` EventStoreDB sends for each kind of subscription message. */
export function encodeMessage(message: OutgoingMessage, options: EncodingOptions, log: SubscribedLog): ReadRespOut {
  const response = new streams.ReadResp();
  switch (message.kind) {
    case 'confirmation': {
      const confirmation = new streams.ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(options.subscriptionId);
      return response.setConfirmation(confirmation);
    }
    case 'caughtUp':
      return response.setCaughtUp(new streams.ReadResp.CaughtUp());
    case 'checkpoint': {
      const checkpoint = new streams.ReadResp.Checkpoint();
      checkpoint.setCommitPosition(message.position.toString());
      checkpoint.setPreparePosition(message.position.toString());
      return response.setCheckpoint(checkpoint);
    }
    case 'event':
      return message.live ? encodeShared(message.event, options, log) : encodeEvent(message.event, options, log);
  }
}

/** A live event with its bytes kept on it: every live subscriber is sent the same objects, encoded once. */
interface SharedEvent extends RecordedEvent {
  encodedStructured?: Buffer;
  encodedString?: Buffer;
}

function encodeShared(event: SharedEvent, options: EncodingOptions, log: SubscribedLog): Buffer {
  // A resolved link depends on the target's state when it is sent: not shared.
  if (options.resolveLinks && event.eventType === LINK_EVENT_TYPE) return encodeEvent(event, options, log);
  if (options.structuredUuids) return (event.encodedStructured ??= encodeReadEvent(event, { structuredUuids: true }));
  return (event.encodedString ??= encodeReadEvent(event, { structuredUuids: false }));
}

function encodeEvent(event: RecordedEvent, options: EncodingOptions, log: SubscribedLog): Buffer {
  const { structuredUuids } = options;
  if (!options.resolveLinks || event.eventType !== LINK_EVENT_TYPE) return encodeReadEvent(event, { structuredUuids });
  // A dangling link (undefined target): EventStoreDB sends the link record with no event.
  return encodeReadEvent(resolveLink(event, log), { structuredUuids, link: event });
}
