import type { Logger } from '@nestjs/common';
import type { EventStoreLogger } from '@ledger/event-store';

/** The port's logger (subscriptions, followers, the client) writing through a Nest `Logger` and so through pino. */
export const eventStoreLoggerOf = (logger: Logger): EventStoreLogger => ({
  info: (context, message) => logger.log(context, message),
  warn: (context, message) => logger.warn(context, message),
  error: (context, message) => logger.error(context, message),
});
