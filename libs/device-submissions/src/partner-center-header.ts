/** The header line of the Partner Center device upload file, and what is wrong with a header that differs. */
import { CSV_COLUMN_NAMES, DEVICE_FIELDS } from './device-row.js';

export const PARTNER_CENTER_COLUMNS: readonly string[] = DEVICE_FIELDS.map((field) => CSV_COLUMN_NAMES[field]);
export const PARTNER_CENTER_HEADER = PARTNER_CENTER_COLUMNS.join(',');

const OTHER_SEPARATORS = [';', '\t', '|'];

/** Undefined when the header is exactly Partner Center's; otherwise the reason, naming the fix. */
export const headerProblem = (columns: readonly string[]): string | undefined => {
  const expected = `the first line must be exactly: ${PARTNER_CENTER_HEADER}`;
  const [first = ''] = columns;
  const separator = OTHER_SEPARATORS.find((candidate) => columns.length === 1 && first.includes(candidate));
  if (separator !== undefined) {
    return `the header separates columns with ${JSON.stringify(separator)}: export the file with commas (CSV UTF-8); ${expected}`;
  }
  if (!columns.some((column) => PARTNER_CENTER_COLUMNS.includes(column.trim()))) {
    return `the file has no header line (it starts with ${JSON.stringify(columns.join(',').slice(0, 60))}): ${expected}`;
  }
  const differing = PARTNER_CENTER_COLUMNS.findIndex((name, index) => columns[index] !== name);
  if (differing >= 0) {
    const found = columns[differing] === undefined ? 'missing' : JSON.stringify(columns[differing]);
    return `column ${differing + 1} of the header is ${found}, expected "${PARTNER_CENTER_COLUMNS[differing]}": ${expected}`;
  }
  if (columns.length > PARTNER_CENTER_COLUMNS.length) {
    return `the header has ${columns.length} columns, Partner Center's has ${PARTNER_CENTER_COLUMNS.length}: ${expected}`;
  }
  return undefined;
};
