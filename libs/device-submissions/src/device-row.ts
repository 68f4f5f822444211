/** One device as a partner submits it, and the names its fields go by in each format. */

/** The JSON shape of `devices[]` in the API; CSV rows are read into it. Absent, null or blank means "not given". */
export interface DeviceRow {
  readonly serialNumber?: string;
  readonly productKey?: string;
  readonly hardwareHash?: string;
  readonly manufacturer?: string;
  readonly model?: string;
}

export type DeviceField = keyof DeviceRow;

/** Field order of the Partner Center upload file. */
export const DEVICE_FIELDS: readonly DeviceField[] = ['serialNumber', 'productKey', 'hardwareHash', 'manufacturer', 'model'];

/** How a reason names a field: the CSV column for a file, the JSON property for JSON rows. */
export type FieldNames = Readonly<Record<DeviceField, string>>;

export const CSV_COLUMN_NAMES: FieldNames = {
  serialNumber: 'Device Serial Number',
  productKey: 'Windows Product ID',
  hardwareHash: 'Hardware Hash',
  manufacturer: 'Manufacturer name',
  model: 'Device model',
};

export const JSON_FIELD_NAMES: FieldNames = {
  serialNumber: 'serialNumber',
  productKey: 'productKey',
  hardwareHash: 'hardwareHash',
  manufacturer: 'manufacturer',
  model: 'model',
};
