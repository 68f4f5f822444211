/** What "Validate device submission data" answers about the devices: one verdict per row, and counts. */

export interface DeviceRowVerdict {
  /** 1-based position of the device in the submission (for a CSV file, the first row after the header is 1). */
  readonly row: number;
  readonly ok: boolean;
  /** Why the row would fail, in words a partner's engineer can act on. Absent when ok. */
  readonly reason?: string;
  /** For a CSV file: the line the row starts on (the header is line 1), as an editor shows it. */
  readonly line?: number;
}

export type FileProblemCode = 'EMPTY' | 'NOT_TEXT' | 'UNREADABLE' | 'BAD_HEADER' | 'TOO_LARGE' | 'TOO_MANY_ROWS';

/** Why the submission as a whole cannot be used. `rows` then holds only the rows checked before the problem. */
export interface FileProblem {
  readonly code: FileProblemCode;
  readonly reason: string;
  readonly line?: number;
}

export interface DeviceSubmissionVerdict {
  readonly valid: number;
  readonly invalid: number;
  readonly rows: readonly DeviceRowVerdict[];
  readonly file?: FileProblem;
}

/** Collects row verdicts as they are decided, so a streamed file never needs all its rows in memory. */
export class VerdictCollector {
  private readonly rows: DeviceRowVerdict[] = [];
  private valid = 0;
  private problem: FileProblem | undefined;

  get rowCount(): number {
    return this.rows.length;
  }

  accept(line?: number): void {
    this.valid += 1;
    this.rows.push({ row: this.rows.length + 1, ok: true, ...(line === undefined ? {} : { line }) });
  }

  reject(reason: string, line?: number): void {
    this.rows.push({ row: this.rows.length + 1, ok: false, reason, ...(line === undefined ? {} : { line }) });
  }

  /** Keeps the first problem: later ones are consequences of it. */
  refuseFile(problem: FileProblem): void {
    this.problem ??= problem;
  }

  get refused(): boolean {
    return this.problem !== undefined;
  }

  verdict(): DeviceSubmissionVerdict {
    const counts = { valid: this.valid, invalid: this.rows.length - this.valid, rows: this.rows };
    return this.problem === undefined ? counts : { ...counts, file: this.problem };
  }
}
