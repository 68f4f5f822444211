import 'reflect-metadata';
import { join } from 'node:path';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DecimalInteger } from '../validation/decimal-integer.js';

/**
 * The notary's settings, from the environment (through ConfigService), validated when the audit module starts.
 * Defaults: a checkpoint every 1,000 leaf events or every 10 seconds when anything new arrived, whichever comes
 * first; a lease of 30 seconds.
 */
export class NotaryConfig {
  /** `off` runs no notary in this instance (it still serves proofs and checkpoints written by another). */
  @IsIn(['on', 'off'], { message: 'expected on or off' })
  NOTARY: 'on' | 'off' = 'on';

  @DecimalInteger()
  @IsInt({ message: 'expected an integer from 1 to 1000000' })
  @Min(1, { message: 'expected an integer from 1 to 1000000' })
  @Max(1_000_000, { message: 'expected an integer from 1 to 1000000' })
  NOTARY_CHECKPOINT_EVERY_EVENTS: number = 1000;

  @DecimalInteger()
  @IsInt({ message: 'expected an integer number of milliseconds from 50 to 86400000' })
  @Min(50, { message: 'expected an integer number of milliseconds from 50 to 86400000' })
  @Max(86_400_000, { message: 'expected an integer number of milliseconds from 50 to 86400000' })
  NOTARY_CHECKPOINT_INTERVAL_MS: number = 10_000;

  /** How long an elected notary stays the only one allowed to checkpoint after its last event on the stream. */
  @DecimalInteger()
  @IsInt({ message: 'expected an integer number of milliseconds from 100 to 3600000' })
  @Min(100, { message: 'expected an integer number of milliseconds from 100 to 3600000' })
  @Max(3_600_000, { message: 'expected an integer number of milliseconds from 100 to 3600000' })
  NOTARY_LEASE_MS: number = 30_000;

  /** PKCS#8 PEM Ed25519 key; default `LEDGER_DATA_DIR/keys/notary-ed25519.pem`, created on first start. */
  @IsOptional()
  @IsString()
  NOTARY_SIGNING_KEY_FILE?: string;
}

export const NOTARY_CONFIG_KEYS = [
  'NOTARY',
  'NOTARY_CHECKPOINT_EVERY_EVENTS',
  'NOTARY_CHECKPOINT_INTERVAL_MS',
  'NOTARY_LEASE_MS',
  'NOTARY_SIGNING_KEY_FILE',
] as const;

export const notaryKeyPath = (config: NotaryConfig, dataDir: string): string =>
  config.NOTARY_SIGNING_KEY_FILE ?? join(dataDir, 'keys', 'notary-ed25519.pem');
