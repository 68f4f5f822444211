/**
 * Bounds on what "Validate device submission data" reads. Exceeding one is a clear refusal of the submission,
 * never a crash. The HTTP layer should set its body limit to MAX_DEVICE_FILE_BYTES for `text/csv`.
 */

/** Devices per submission (CSV rows after the header, or JSON rows). Split bigger batches into several files. */
export const MAX_DEVICE_ROWS = 10_000;
/** Bytes of a CSV file: 10,000 rows with a 4K hardware hash each fit, with room to spare. */
export const MAX_DEVICE_FILE_BYTES = 64 * 1024 * 1024;
/** Characters in one CSV line: far above a valid row, low enough that one runaway quoted field cannot eat memory. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;

/**
 * Hardware hash length, in base64 characters. Windows' "4K" hash is about 4,000 characters; anything under the
 * minimum was cut short (by a spreadsheet or a copy), anything over the maximum is not a hardware hash.
 */
export const HARDWARE_HASH_MIN_CHARS = 2_048;
export const HARDWARE_HASH_MAX_CHARS = 8_192;
/** A Windows product ID (PKID) is exactly this many digits. */
export const PRODUCT_ID_DIGITS = 13;
/** SMBIOS strings as the firmware reports them; longer values are pasted by mistake. */
export const MAX_SERIAL_NUMBER_CHARS = 128;
export const MAX_MANUFACTURER_CHARS = 255;
export const MAX_MODEL_CHARS = 255;

export interface DeviceFileLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
}

export const DEVICE_FILE_LIMITS: DeviceFileLimits = { maxRows: MAX_DEVICE_ROWS, maxBytes: MAX_DEVICE_FILE_BYTES };
