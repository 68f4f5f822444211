// Prints the plain closing line CI reads ("N passed, N failed") from jest's --json output,
// and exits non-zero when jest reported a failure.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.jest-results.json';
if (!existsSync(file)) {
  console.error(`jest wrote no results (${file}): the type-check or jest itself failed before running tests; see above.`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
// A suite that cannot run (a load error, a failing beforeAll with no test reached) has no failed test of its own:
// count it as one failure, so the closing line never reads "0 failed" for a red run.
const suitesThatDidNotRun = results.numRuntimeErrorTestSuites ?? 0;
const failed = results.numFailedTests + suitesThatDidNotRun;
console.log(`${results.numPassedTests} passed, ${failed} failed`);
process.exit(results.success && failed === 0 && results.numFailedTestSuites === 0 ? 0 : 1);
