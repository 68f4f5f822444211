/**
 * "Validate device submission data" for the Partner Center upload file (`text/csv`), parsed as a stream with
 * csv-parse: each row is judged the moment the parser completes it (`on_record`), within the row and byte
 * limits, so memory stays flat whatever the file. Never throws for bad input.
 */
import { parse, type Info, type Parser } from 'csv-parse';
import { csvText } from './csv-text.js';
import { CSV_COLUMN_NAMES, DEVICE_FIELDS, type DeviceRow } from './device-row.js';
import { DeviceRowJudge } from './device-row-judge.js';
import { DEVICE_FILE_LIMITS, MAX_CSV_RECORD_CHARS, type DeviceFileLimits } from './limits.js';
import { headerProblem, PARTNER_CENTER_COLUMNS } from './partner-center-header.js';
import { VerdictCollector, type DeviceSubmissionVerdict, type FileProblem } from './verdict.js';

const PARSER_OPTIONS = {
  bom: true,
  delimiter: ',',
  // Files edited on several systems mix line endings; accept each of them.
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true, // a short or long row is that row's problem, not the file's
  skip_empty_lines: true,
  max_record_size: MAX_CSV_RECORD_CHARS,
};

/** Thrown from `on_record` to stop the parser at once: the verdict is already known. */
class StopReading extends Error {}

const LINE_BREAK = /\r\n|\n|\r/g;

const isBlank = (record: readonly string[]): boolean => record.every((field) => field.trim() === '');

const toDeviceRow = (record: readonly string[]): DeviceRow =>
  Object.fromEntries(DEVICE_FIELDS.map((field, index) => [field, record[index]]));

/** Takes the parser's records in order: the header first, then one device per record. */
class DeviceFileReader {
  private readonly judge: DeviceRowJudge;
  private headerSeen = false;
  /** The line after the last complete record: where an unreadable stretch starts. */
  nextLine = 1;

  constructor(
    private readonly verdicts: VerdictCollector,
    private readonly limits: DeviceFileLimits,
  ) {
    this.judge = new DeviceRowJudge(verdicts, CSV_COLUMN_NAMES);
  }

  get sawHeader(): boolean {
    return this.headerSeen;
  }

  read(record: string[], info: Info): void {
    // csv-parse counts the line a record ends on; a quoted field may span lines, and editors show where it starts.
    const line = info.lines - record.reduce((breaks, field) => breaks + (field.match(LINE_BREAK)?.length ?? 0), 0);
    this.nextLine = info.lines + 1;
    if (!this.headerSeen) return this.readHeader(record, line);
    if (this.verdicts.rowCount >= this.limits.maxRows) {
      const reason = `the file has more than ${this.limits.maxRows} devices: split it into files of at most ${this.limits.maxRows} rows`;
      this.verdicts.refuseFile({ code: 'TOO_MANY_ROWS', reason, line });
      throw new StopReading();
    }
    this.readDevice(record, line);
  }

  private readHeader(record: readonly string[], line: number): void {
    this.headerSeen = true;
    const problem = headerProblem(record);
    if (problem === undefined) return;
    this.verdicts.refuseFile({ code: 'BAD_HEADER', reason: problem, line });
    throw new StopReading();
  }

  private readDevice(record: readonly string[], line: number): void {
    if (isBlank(record)) return this.judge.judge({}, line);
    if (record.length !== PARTNER_CENTER_COLUMNS.length) {
      return this.judge.reject(
        `the row has ${record.length} columns, the header has ${PARTNER_CENTER_COLUMNS.length}: ` +
          'leave empty columns empty (",,") and put any value containing a comma in double quotes',
        line,
      );
    }
    this.judge.judge(toDeviceRow(record), line);
  }
}

const unreadable = (error: unknown, startLine: number): FileProblem => {
  const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        code: 'UNREADABLE',
        reason: `a double quote opened on line ${startLine} is never closed (the file ends inside it): close it`,
        line: startLine,
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return {
        code: 'UNREADABLE',
        reason: `line ${lines} has a stray double quote inside a field: put that field in double quotes and write its quote twice ("")`,
        ...(lines === undefined ? {} : { line: lines }),
      };
    case 'CSV_MAX_RECORD_SIZE':
      return {
        code: 'UNREADABLE',
        reason: `the row starting on line ${startLine} is longer than ${MAX_CSV_RECORD_CHARS} characters: it is not a device row (an unclosed quote?)`,
        line: startLine,
      };
    default:
      return { code: 'UNREADABLE', reason: `the file is not readable as CSV from line ${startLine}: ${message ?? String(error)}`, line: startLine };
  }
};

const write = (parser: Parser, text: string): Promise<void> =>
  new Promise((resolve, reject) => parser.write(text, (error) => (error ? reject(error) : resolve())));

const end = (parser: Parser): Promise<void> =>
  new Promise((resolve, reject) => {
    parser.once('error', reject);
    parser.once('finish', resolve);
    parser.end();
  });

/** `source`: the file's bytes, e.g. a Node Readable or an async iterable of Buffers. */
export const validateDeviceCsv = async (
  source: AsyncIterable<Uint8Array | string>,
  limits: DeviceFileLimits = DEVICE_FILE_LIMITS,
): Promise<DeviceSubmissionVerdict> => {
  const verdicts = new VerdictCollector();
  const reader = new DeviceFileReader(verdicts, limits);
  const parser = parse({
    ...PARSER_OPTIONS,
    on_record: (record: string[], info: Info) => {
      reader.read(record, info);
      return null; // judged already: nothing to pass downstream
    },
  });
  parser.on('error', () => {}); // each failure reaches us through write() or end(); this keeps it from being "unhandled"
  try {
    // Leaving this loop early (a refusal) returns the generator, which stops reading the source.
    for await (const text of csvText(source, limits.maxBytes, (problem) => verdicts.refuseFile(problem))) {
      await write(parser, text);
    }
    // After a refusal of the text, what the parser still holds is a cut-off line, not a row.
    if (!verdicts.refused) await end(parser);
  } catch (error) {
    if (!(error instanceof StopReading)) verdicts.refuseFile(unreadable(error, reader.nextLine));
  } finally {
    parser.destroy();
  }
  if (!reader.sawHeader) {
    verdicts.refuseFile({ code: 'EMPTY', reason: 'the file is blank: it needs the header line, then one line per device' });
  }
  return verdicts.verdict();
};
