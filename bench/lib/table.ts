/** One row of a benchmark table: a label and its measured columns. */
export interface BenchRow {
  readonly [column: string]: string | number;
}

const format = (value: string | number): string =>
  typeof value === 'number'
    ? value >= 100
      ? Math.round(value).toLocaleString('en-US')
      : value.toFixed(value >= 10 ? 1 : 2)
    : value;

/** Prints rows as a Markdown table (the form the closing notes quote). */
export const printTable = (title: string, rows: readonly BenchRow[]): void => {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => (column in row ? format(row[column]!) : '')));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]): string =>
    `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
  console.log('');
};
