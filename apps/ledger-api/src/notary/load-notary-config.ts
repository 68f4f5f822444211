import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { NOTARY_CONFIG_KEYS, NotaryConfig } from './notary-config.js';

export class NotaryConfigError extends Error {
  override readonly name = 'NotaryConfigError';
}

/** Reads the notary's variables; throws one line naming each wrong variable, its value and what is allowed. */
export const loadNotaryConfig = (read: (name: string) => string | undefined): NotaryConfig => {
  const given: Record<string, string> = {};
  for (const key of NOTARY_CONFIG_KEYS) {
    const value = read(key)?.trim();
    if (value) given[key] = value;
  }
  const config = plainToInstance(NotaryConfig, given, { exposeDefaultValues: true });
  const problems = validateSync(config).map(
    (error) =>
      `${error.property}=${JSON.stringify(given[error.property])} is not allowed: ` +
      `${Object.values(error.constraints ?? {})[0] ?? 'not allowed'}`,
  );
  if (problems.length > 0) throw new NotaryConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
};
