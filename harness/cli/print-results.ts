/**
 * `--format` for run results, one printer per format over the same data (json, the Markdown CI
 * summary, a terminal table per result), so `run` and `suite` print alike. `run` writes a single
 * result as one JSON object; `suite` always writes a list.
 */
import { renderMarkdown, renderTable } from '../../reports/index.js';
import type { RunResult } from '../../shared/result-types.js';
import type { OutputFormat } from './options.js';

const PRINTERS: Readonly<Record<OutputFormat, (results: readonly RunResult[], jsonList: boolean) => string>> = {
  json: (results, jsonList) => JSON.stringify(!jsonList && results.length === 1 ? results[0] : results, null, 1) + '\n',
  markdown: (results) => renderMarkdown(results) + '\n',
  table: (results) => results.map((r) => renderTable(r) + '\n').join(''),
};

export function printResults(results: readonly RunResult[], format: OutputFormat, opts: { readonly jsonList: boolean }): void {
  process.stdout.write(PRINTERS[format](results, opts.jsonList));
}
