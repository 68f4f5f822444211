// Prints the plain closing line CI reads ("N passed, N failed") from jest's --json output,
// and exits non-zero when jest reported a failure.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.jest-results.json';
if (!existsSync(file)) {
  console.error(`jest wrote no results (${file}): the type-check or jest itself failed before running tests; see above.`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = results.numFailedTestSuites + (results.numRuntimeErrorTestSuites ?? 0);
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed`);
process.exit(results.success && failedSuites === 0 ? 0 : 1);
