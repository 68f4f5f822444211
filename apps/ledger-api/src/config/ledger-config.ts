// class-validator's decorators read decorator metadata; loaded here so the config validates before Nest is imported.
import 'reflect-metadata';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateBy } from 'class-validator';
import { consentLinkTtlSeconds, MAX_CONSENT_LINK_TTL_SECONDS } from '../consent-requests/consent-link-ttl.js';
import { DecimalInteger } from '../validation/decimal-integer.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The service's configuration, read from environment variables and validated at start-up.
 * Each message says what is allowed; the loader prefixes it with the variable and its value.
 */
export class LedgerConfig {
  @DecimalInteger()
  @IsInt({ message: 'expected an integer from 0 to 65535 (0 picks a free port)' })
  @Min(0, { message: 'expected an integer from 0 to 65535 (0 picks a free port)' })
  @Max(65535, { message: 'expected an integer from 0 to 65535 (0 picks a free port)' })
  PORT: number = 3000;

  /** Loopback by default, so a fresh machine exposes nothing; containers set 0.0.0.0. */
  @IsString()
  @Matches(/^[A-Za-z0-9.:[\]-]+$/, { message: 'expected an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST: string = '127.0.0.1';

  /** Unset: the service starts its embedded node. Set: it talks to that store and starts none. */
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'expected esdb://host:port[,host:port...][?options] or esdb+discover://host:port[?options]',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsString()
  @IsNotEmpty({ message: 'expected a directory path' })
  LEDGER_DATA_DIR: string = './data';

  /** Absolute URL clients reach the service at (consent links are built from it). Defaults to http://localhost:PORT. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'expected an absolute http(s) URL, e.g. https://ledger.example.com' },
  )
  // Links are built by appending paths to it: a query or a fragment would end up in the middle of every link.
  @Matches(/^[^?#]*$/, { message: 'expected a base URL without a query or fragment, e.g. https://ledger.example.com/consent' })
  PUBLIC_BASE_URL?: string;

  @IsIn(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** How long a CSP consent link lives: seconds, or a number with s, m, h or d (default 30d). */
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,9}[smhd]?$/, { message: 'expected a duration such as 30d, 72h, 90m or 3600 (seconds)' })
  @ValidateBy(
    {
      name: 'atMost90Days',
      validator: { validate: (value: unknown) => typeof value !== 'string' || !/^\d+[smhd]?$/.test(value) || consentLinkTtlSeconds(value) <= MAX_CONSENT_LINK_TTL_SECONDS },
    },
    { message: 'expected at most 90d (Partner Center lets an unapproved request lapse after 90 days), e.g. 30d or 72h' },
  )
  CONSENT_LINK_TTL?: string;

  @DecimalInteger()
  @IsInt({ message: 'expected an integer number of bytes from 1024 to 104857600' })
  @Min(1024, { message: 'expected an integer number of bytes from 1024 to 104857600' })
  @Max(104_857_600, { message: 'expected an integer number of bytes from 1024 to 104857600' })
  BODY_LIMIT_BYTES: number = 1_048_576;

  /**
   * How long a client has to send a whole request, head and body (Node's own default; Fastify would wait forever):
   * past it, 408 and the connection closes. Long enough for a 64 MiB device file on a slow link.
   */
  @DecimalInteger()
  @IsInt({ message: 'expected an integer number of milliseconds from 1000 to 3600000' })
  @Min(1000, { message: 'expected an integer number of milliseconds from 1000 to 3600000' })
  @Max(3_600_000, { message: 'expected an integer number of milliseconds from 1000 to 3600000' })
  REQUEST_TIMEOUT_MS: number = 300_000;
}

export type LedgerConfigKey = keyof LedgerConfig;
export const LEDGER_CONFIG_KEYS: readonly LedgerConfigKey[] = [
  'PORT',
  'HOST',
  'EVENTSTORE_CONNECTION_STRING',
  'LEDGER_DATA_DIR',
  'PUBLIC_BASE_URL',
  'LOG_LEVEL',
  'BODY_LIMIT_BYTES',
  'REQUEST_TIMEOUT_MS',
  'CONSENT_LINK_TTL',
];
