/** "Validate device submission data" for devices sent as JSON rows (`devices: [...]` in the request body). */
import { DEVICE_FIELDS, JSON_FIELD_NAMES, type DeviceField, type DeviceRow } from './device-row.js';
import { DeviceRowJudge } from './device-row-judge.js';
import { DEVICE_FILE_LIMITS, type DeviceFileLimits } from './limits.js';
import { VerdictCollector, type DeviceSubmissionVerdict } from './verdict.js';

const isDeviceField = (name: string): name is DeviceField => (DEVICE_FIELDS as readonly string[]).includes(name);

/** The row as a DeviceRow, or why it is not one. */
const readRow = (value: unknown): DeviceRow | string => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `the row is not an object: send { ${DEVICE_FIELDS.join(', ')} } with the values you have`;
  }
  const row: { [F in DeviceField]?: string } = {};
  const problems: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (!isDeviceField(name)) {
      problems.push(`unknown field "${name}": the fields are ${DEVICE_FIELDS.join(', ')}`);
    } else if (typeof field === 'string') {
      row[name] = field;
    } else if (field !== null && field !== undefined) {
      // A PKID sent as a JSON number would silently lose leading zeros: insist on strings.
      problems.push(`${name} must be a string, not ${typeof field}`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : row;
};

/** Never throws: every problem, of a row or of the whole list, is part of the verdict. */
export const validateDeviceRows = (rows: unknown, limits: DeviceFileLimits = DEVICE_FILE_LIMITS): DeviceSubmissionVerdict => {
  const verdicts = new VerdictCollector();
  if (!Array.isArray(rows)) {
    verdicts.refuseFile({ code: 'UNREADABLE', reason: 'devices must be an array of rows' });
    return verdicts.verdict();
  }
  if (rows.length > limits.maxRows) {
    verdicts.refuseFile({
      code: 'TOO_MANY_ROWS',
      reason: `${rows.length} devices sent, at most ${limits.maxRows} per submission: split them into several submissions`,
    });
    return verdicts.verdict();
  }
  const judge = new DeviceRowJudge(verdicts, JSON_FIELD_NAMES);
  for (const value of rows) {
    const row = readRow(value);
    if (typeof row === 'string') judge.reject(row);
    else judge.judge(row);
  }
  return verdicts.verdict();
};
