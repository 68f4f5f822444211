/** Is each value well formed? Checked field by field, before asking what the row identifies. */
import type { DeviceField, DeviceRow, FieldNames } from './device-row.js';
import {
  HARDWARE_HASH_MAX_CHARS,
  HARDWARE_HASH_MIN_CHARS,
  MAX_MANUFACTURER_CHARS,
  MAX_MODEL_CHARS,
  MAX_SERIAL_NUMBER_CHARS,
  PRODUCT_ID_DIGITS,
} from './limits.js';

/** Values trimmed (spreadsheets pad them), blanks dropped: a blank cell means "not given". */
export type NormalisedRow = { readonly [F in DeviceField]?: string };

export const normaliseRow = (row: DeviceRow): NormalisedRow => {
  const normalised: { [F in DeviceField]?: string } = {};
  for (const [field, value] of Object.entries(row) as [DeviceField, string | undefined][]) {
    const trimmed = value?.trim();
    if (trimmed) normalised[field] = trimmed;
  }
  return normalised;
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const BASE64_CHARACTER = /[A-Za-z0-9+/=]/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DIGITS = /^\d+$/;

const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const controlCharacterProblem = (name: string, value: string): string | undefined => {
  const match = CONTROL_CHARACTER.exec(value);
  if (match === null) return undefined;
  return `${name} contains a control character (${codePoint(match[0])} at position ${match.index + 1}): remove line breaks and tabs from the value`;
};

const lengthProblem = (name: string, value: string, max: number): string | undefined =>
  value.length > max ? `${name} is ${value.length} characters long, at most ${max} are allowed` : undefined;

const hardwareHashProblem = (name: string, hash: string): string | undefined => {
  if (!BASE64.test(hash) || hash.length % 4 !== 0) {
    const copyIt = 'copy the hash exactly as Windows reported it (Get-WindowsAutopilotInfo)';
    const bad = [...hash].findIndex((character) => !BASE64_CHARACTER.test(character));
    if (bad >= 0) return `${name} is not valid base64 (character ${JSON.stringify(hash[bad])} at position ${bad + 1}): ${copyIt}`;
    if (hash.length % 4 !== 0) return `${name} is not valid base64 (${hash.length} characters, not a multiple of 4: cut short?): ${copyIt}`;
    return `${name} is not valid base64 ("=" may only end it): ${copyIt}`;
  }
  if (hash.length < HARDWARE_HASH_MIN_CHARS) {
    return `${name} is only ${hash.length} characters long (a hardware hash has ${HARDWARE_HASH_MIN_CHARS} to ${HARDWARE_HASH_MAX_CHARS}): it was cut short, copy it whole`;
  }
  if (hash.length > HARDWARE_HASH_MAX_CHARS) {
    return `${name} is ${hash.length} characters long (a hardware hash has ${HARDWARE_HASH_MIN_CHARS} to ${HARDWARE_HASH_MAX_CHARS}): check that only the hash is in this column`;
  }
  return undefined;
};

const productIdProblem = (name: string, productId: string): string | undefined =>
  DIGITS.test(productId) && productId.length === PRODUCT_ID_DIGITS
    ? undefined
    : `${name} "${productId.slice(0, 40)}" is not a Windows product ID (PKID): a PKID is ${PRODUCT_ID_DIGITS} digits (a product key is not a PKID)`;

const RULES: Readonly<Record<DeviceField, (name: string, value: string) => string | undefined>> = {
  serialNumber: (name, value) => lengthProblem(name, value, MAX_SERIAL_NUMBER_CHARS),
  productKey: productIdProblem,
  hardwareHash: hardwareHashProblem,
  manufacturer: (name, value) => lengthProblem(name, value, MAX_MANUFACTURER_CHARS),
  model: (name, value) => lengthProblem(name, value, MAX_MODEL_CHARS),
};

/** Every malformed value of the row, one sentence each: the engineer fixes them all in one go. */
export const fieldProblems = (row: NormalisedRow, names: FieldNames): string[] =>
  (Object.entries(row) as [DeviceField, string][]).flatMap(([field, value]) => {
    const problem = controlCharacterProblem(names[field], value) ?? RULES[field](names[field], value);
    return problem === undefined ? [] : [problem];
  });
