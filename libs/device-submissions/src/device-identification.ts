/**
 * What device a row identifies. Partner Center accepts a row that gives the hardware hash (alone, or with the
 * product ID or the serial number), the Windows product ID alone, or the serial number together with the
 * manufacturer and the model (as the firmware reports them); without the hash, not the product ID and the serial
 * number together. Each identifier a row gives is a key for finding duplicates.
 */
import { createHash } from 'node:crypto';
import type { FieldNames } from './device-row.js';
import type { NormalisedRow } from './field-rules.js';

export type DeviceKeyKind = 'hardwareHash' | 'productKey' | 'serialManufacturerModel';

export interface DeviceKey {
  readonly kind: DeviceKeyKind;
  readonly value: string;
}

// A digest, not the 4K hash itself: 10,000 rows must not keep 40 MB of hashes alive just to find duplicates.
const digest = (value: string): string => createHash('sha256').update(value).digest('base64');

/** Firmware strings compare without case: "LENOVO" and "Lenovo" are the same manufacturer. */
const tupleKey = (serialNumber: string, manufacturer: string, model: string): string =>
  [serialNumber, manufacturer, model].map((part) => part.toUpperCase()).join('\u0000');

/** The keys of every identifier the row gives; empty when it identifies no device. */
export const deviceKeys = (row: NormalisedRow): DeviceKey[] => {
  const keys: DeviceKey[] = [];
  if (row.hardwareHash) keys.push({ kind: 'hardwareHash', value: digest(row.hardwareHash) });
  if (row.productKey) keys.push({ kind: 'productKey', value: row.productKey });
  if (row.serialNumber && row.manufacturer && row.model) {
    keys.push({ kind: 'serialManufacturerModel', value: tupleKey(row.serialNumber, row.manufacturer, row.model) });
  }
  return keys;
};

/**
 * Why a row names a device in a way Partner Center does not take, if it does: without the hardware hash, the
 * product ID identifies a device alone, so it cannot come with the serial number, manufacturer or model.
 */
export const unsupportedCombination = (row: NormalisedRow, names: FieldNames): string | undefined => {
  if (row.hardwareHash || !row.productKey) return undefined;
  const withIt = (['serialNumber', 'manufacturer', 'model'] as const).filter((field) => row[field]).map((field) => names[field]);
  if (withIt.length === 0) return undefined;
  return (
    `the ${names.productKey} identifies a device alone, not with the ${withIt.join(' and ')}: ` +
    `without the ${names.hardwareHash}, give either the ${names.productKey} or the ${names.serialNumber} with the ` +
    `${names.manufacturer} and ${names.model}, not both (or add the ${names.hardwareHash})`
  );
};

/** Why a row with no key identifies nothing, and what to add. */
export const nothingIdentified = (row: NormalisedRow, names: FieldNames): string => {
  const ways = `give the ${names.hardwareHash}, or the ${names.productKey}, or the ${names.serialNumber} with the ${names.manufacturer} and ${names.model}`;
  if (Object.keys(row).length === 0) return 'the row is empty: delete it';
  if (row.serialNumber || row.manufacturer || row.model) {
    const missing = (['serialNumber', 'manufacturer', 'model'] as const).filter((field) => !row[field]).map((field) => names[field]);
    return `the row identifies no device: ${missing.join(' and ')} missing (a serial number identifies a device only with its manufacturer and model); or ${ways}`;
  }
  return `the row identifies no device: ${ways}`;
};

export const describeKey = (kind: DeviceKeyKind, names: FieldNames): string =>
  kind === 'serialManufacturerModel' ? `${names.serialNumber}, ${names.manufacturer} and ${names.model}` : names[kind];
