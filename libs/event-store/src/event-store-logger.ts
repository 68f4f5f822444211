/**
 * The logging the adapter needs, in pino's argument order (context object first), so the app can
 * pass its pino logger as is and the library stays free of any logging framework.
 */
export interface EventStoreLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** For callers that pass no logger: warnings and errors still reach stderr, never vanish. */
export const stderrLogger: EventStoreLogger = {
  info: () => undefined,
  warn: (context, message) => console.warn(message, context),
  error: (context, message) => console.error(message, context),
};
