/**
 * `npm run audit -- verify <export.ndjson> --jwks <public-key.json> [--trusted-checkpoint <file>]` and
 * `npm run audit -- export --out <file> ...`: the auditor's offline tools (issue 13). See `AUDIT_USAGE`.
 */
import { pathToFileURL } from 'node:url';
import { AUDIT_USAGE, AuditUsageError, parseAuditArgs } from './audit/audit-args.js';
import { exportLedger } from './audit/export-command.js';
import { describeVerdict, verifyExportFile, VerifyInputError } from './audit/verify-command.js';

export const EXIT_FAULT = 1;
export const EXIT_USAGE = 2;

export interface AuditCommandResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

/** The whole command without touching the process (tests call it); the progress bar goes to `progress`. */
export const runAuditCommand = async (
  argv: readonly string[],
  progress?: { isTTY?: boolean; write(text: string): unknown },
): Promise<AuditCommandResult> => {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { exitCode: 0, stdout: [AUDIT_USAGE], stderr: [] };
  try {
    const command = parseAuditArgs(argv);
    if (command.command === 'export') {
      await exportLedger(command.request);
      return { exitCode: 0, stdout: [`exported the ledger to ${command.request.out}`], stderr: [] };
    }
    const verdict = await verifyExportFile(command.files, progress);
    const lines = describeVerdict(verdict);
    return verdict.ok ? { exitCode: 0, stdout: lines, stderr: [] } : { exitCode: EXIT_FAULT, stdout: [], stderr: lines };
  } catch (error) {
    if (error instanceof AuditUsageError) return { exitCode: EXIT_USAGE, stdout: [], stderr: [error.message, AUDIT_USAGE] };
    if (error instanceof VerifyInputError) return { exitCode: EXIT_USAGE, stdout: [], stderr: [error.message] };
    return { exitCode: EXIT_USAGE, stdout: [], stderr: [(error as Error).message] };
  }
};

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const result = await runAuditCommand(process.argv.slice(2), process.stderr);
  for (const line of result.stdout) process.stdout.write(`${line}\n`);
  for (const line of result.stderr) process.stderr.write(`${line}\n`);
  process.exitCode = result.exitCode;
}
