/** A configuration value the service cannot start with. Its message is the one line printed before exiting 1. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
