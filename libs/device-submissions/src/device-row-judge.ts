/** Decides each row in turn (values, identification, duplicates inside the submission) into a verdict. */
import { describeKey, deviceKeys, nothingIdentified, unsupportedCombination, type DeviceKey } from './device-identification.js';
import type { DeviceRow, FieldNames } from './device-row.js';
import { fieldProblems, normaliseRow } from './field-rules.js';
import { VerdictCollector } from './verdict.js';

export class DeviceRowJudge {
  /** Key (kind + value) → the row that first gave it. */
  private readonly firstRowByKey = new Map<string, number>();

  constructor(
    readonly verdicts: VerdictCollector,
    private readonly names: FieldNames,
  ) {}

  judge(row: DeviceRow, line?: number): void {
    const reason = this.problem(row);
    if (reason === undefined) this.verdicts.accept(line);
    else this.verdicts.reject(reason, line);
  }

  reject(reason: string, line?: number): void {
    this.verdicts.reject(reason, line);
  }

  private problem(row: DeviceRow): string | undefined {
    const normalised = normaliseRow(row);
    const malformed = fieldProblems(normalised, this.names);
    if (malformed.length > 0) return malformed.join('; ');
    const keys = deviceKeys(normalised);
    if (keys.length === 0) return nothingIdentified(normalised, this.names);
    const combination = unsupportedCombination(normalised, this.names);
    if (combination !== undefined) return combination;
    const duplicate = this.duplicateOf(keys);
    if (duplicate !== undefined) return duplicate;
    const rowNumber = this.verdicts.rowCount + 1;
    for (const key of keys) this.firstRowByKey.set(`${key.kind}:${key.value}`, rowNumber);
    return undefined;
  }

  private duplicateOf(keys: readonly DeviceKey[]): string | undefined {
    for (const key of keys) {
      const first = this.firstRowByKey.get(`${key.kind}:${key.value}`);
      if (first !== undefined) {
        return `duplicate of row ${first} (same ${describeKey(key.kind, this.names)}): submit each device once`;
      }
    }
    return undefined;
  }
}
