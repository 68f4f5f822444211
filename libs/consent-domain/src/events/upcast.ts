import type { EventSchema } from './domain-event.js';
import type { LedgerEvent } from './ledger-event.js';
import { isLedgerEventType, LEDGER_EVENT_SCHEMAS } from './registry.js';

/** A stored event this code cannot read: an unknown type, or a version with no path to the current one. */
export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

/**
 * Lifts a stored event's data to the version the deciders and folds understand, one upcaster at a
 * time (v1 → v2 → ...). Events are never rewritten in the store: every reader calls this on read.
 *
 * @param type the stored event type
 * @param version the stored schema version (`data.schemaVersion`; 1 when absent)
 * @param data the stored data, parsed from JSON
 */
export const upcast = (type: string, version: number, data: Readonly<Record<string, unknown>>): LedgerEvent => {
  if (!isLedgerEventType(type)) {
    throw new UnreadableEventError(
      `"${type}" is not a ledger event type; subscribe with the LEDGER_EVENT_TYPES filter or skip it`,
    );
  }
  return { type, data: liftToCurrent(LEDGER_EVENT_SCHEMAS[type], version, data) } as unknown as LedgerEvent;
};

/** Applies `schema`'s upcasters from `version` up to its current version. */
export const liftToCurrent = (
  schema: EventSchema<string>,
  version: number,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> => {
  const { type, currentVersion } = schema;
  if (!Number.isInteger(version) || version < 1 || version > currentVersion) {
    throw new UnreadableEventError(
      `${type} v${version} is unknown to this build (it reads v1 to v${currentVersion}); deploy the version that wrote it`,
    );
  }
  let current: Record<string, unknown> = { ...data, schemaVersion: version };
  for (let from = version; from < currentVersion; from += 1) {
    const step = schema.upcasters[from];
    if (step === undefined) {
      throw new UnreadableEventError(`${type} has no upcaster from v${from} to v${from + 1}; add one to its schema`);
    }
    current = step(current);
  }
  return current;
};

/**
 * `upcast` for a stored event whose data carries its own `schemaVersion` (none: v1). Stored at the current version
 * already (what readers meet nearly always), the data is the event's as it is: no copy.
 */
export const upcastStored = (type: string, data: Readonly<Record<string, unknown>>): LedgerEvent => {
  if (isLedgerEventType(type) && data['schemaVersion'] === LEDGER_EVENT_SCHEMAS[type].currentVersion) return { type, data } as unknown as LedgerEvent;
  return upcast(type, typeof data['schemaVersion'] === 'number' ? data['schemaVersion'] : 1, data);
};
