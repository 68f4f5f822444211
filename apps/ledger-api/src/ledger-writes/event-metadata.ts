import type { EventMetadata } from '@ledger/consent-domain';
import type { JsonObject } from '@ledger/event-store';
import type { CommandContext } from './command-context.js';
import { metadataActorOf } from './domain-actor.js';

/** The metadata recorded beside every event a command appends (before its chain link is added). */
export const eventMetadataOf = (context: CommandContext, commandType: string, now: Date): JsonObject => {
  const metadata: EventMetadata = {
    actor: metadataActorOf(context.actor),
    correlationId: context.correlationId,
    causationId: context.commandId,
    commandType,
    ...(context.idempotency === undefined
      ? {}
      : { idempotencyKey: context.idempotency.key, idempotencyBodyHash: context.idempotency.requestHash }),
    serverTime: now.toISOString(),
  };
  return metadata as unknown as JsonObject;
};
