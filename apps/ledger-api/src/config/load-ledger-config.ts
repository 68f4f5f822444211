import { connectionStringProblem } from '@ledger/event-store';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigurationError } from './configuration-error.js';
import { LEDGER_CONFIG_KEYS, LedgerConfig } from './ledger-config.js';

export type Environment = Readonly<Record<string, string | undefined>>;

const firstMessage = (error: ValidationError): string =>
  Object.values(error.constraints ?? {})[0] ?? 'not allowed';

/** A URL's password is not repeated: the line goes to stderr, and from there to whatever keeps the logs. */
const withoutPassword = (value: string | undefined): string | undefined =>
  value?.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@]*@/i, '$1***@');

const problemLine = (key: string, value: string | undefined, allowed: string): string =>
  `${key}=${JSON.stringify(withoutPassword(value))} is not allowed: ${allowed}`;

/**
 * Reads and validates the service's variables from `environment`. An empty variable counts as unset.
 * Throws a `ConfigurationError` whose message is one line naming each wrong variable, its value and
 * what is allowed.
 */
export const loadLedgerConfig = (environment: Environment): LedgerConfig => {
  const given: Record<string, string> = {};
  for (const key of LEDGER_CONFIG_KEYS) {
    const value = environment[key]?.trim();
    if (value) given[key] = value;
  }
  const config = plainToInstance(LedgerConfig, given, { exposeDefaultValues: true });
  const problems = validateSync(config).map((error) =>
    problemLine(error.property, given[error.property], firstMessage(error)),
  );
  const connectionString = config.EVENTSTORE_CONNECTION_STRING;
  const unparsable = connectionString && problems.length === 0 ? connectionStringProblem(connectionString) : undefined;
  if (unparsable) problems.push(problemLine('EVENTSTORE_CONNECTION_STRING', connectionString, unparsable));
  if (problems.length > 0) throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  config.PUBLIC_BASE_URL = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return config;
};
