/**
 * "Validate device submission data": the row rules of the Partner Center device upload, for a CSV file
 * (streamed) or JSON rows. Pure: no framework, no I/O beyond reading the stream it is given.
 */
export { validateDeviceCsv } from './validate-device-csv.js';
export { validateDeviceRows } from './validate-device-rows.js';
export { PARTNER_CENTER_COLUMNS, PARTNER_CENTER_HEADER } from './partner-center-header.js';
export { CSV_COLUMN_NAMES, DEVICE_FIELDS, JSON_FIELD_NAMES, type DeviceField, type DeviceRow } from './device-row.js';
export type { DeviceRowVerdict, DeviceSubmissionVerdict, FileProblem, FileProblemCode } from './verdict.js';
export {
  DEVICE_FILE_LIMITS,
  HARDWARE_HASH_MAX_CHARS,
  HARDWARE_HASH_MIN_CHARS,
  MAX_CSV_RECORD_CHARS,
  MAX_DEVICE_FILE_BYTES,
  MAX_DEVICE_ROWS,
  MAX_MANUFACTURER_CHARS,
  MAX_MODEL_CHARS,
  MAX_SERIAL_NUMBER_CHARS,
  PRODUCT_ID_DIGITS,
  type DeviceFileLimits,
} from './limits.js';
