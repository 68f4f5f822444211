import { pino, type Logger } from 'pino';
import type { LedgerConfig } from '../config/ledger-config.js';
import { stdoutLines } from './stdout-lines.js';

/**
 * The service's one pino logger: JSON lines on stdout at `LOG_LEVEL`; `err` fields get pino's error serializer.
 * No line carries request headers (the access line names method, URL and status), so there is nothing to redact.
 * The lines of a few milliseconds leave in one write (`stdoutLines`), not one thread-pool write each.
 */
export const createRootLogger = (config: Pick<LedgerConfig, 'LOG_LEVEL'>): Logger => pino({ level: config.LOG_LEVEL }, stdoutLines());
