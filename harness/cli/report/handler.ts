/** `cachebench report` handler: read and check result files, write HTML (and Markdown) atomically. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseScalingReport, renderHtmlReport, renderMarkdown, scalingFromResults } from '../../../reports/index.js';
import { writeFileAtomic } from '../../results/files.js';
import { loadResults } from '../load-results.js';
import type { ReportArgs } from './command.js';

export async function reportHandler(args: ReportArgs): Promise<void> {
  const results = await loadResults(args.files, 'files');
  // An explicit bench/scaling file wins; otherwise cells run at several thread counts make one.
  const scaling = args.scaling ? parseScalingReport(JSON.parse(await readFile(args.scaling, 'utf8'))) : (scalingFromResults(results) ?? undefined);
  const html = renderHtmlReport(results, { ...(args.title ? { title: args.title } : {}), ...(scaling ? { scaling } : {}) });
  await writeFileAtomic(args.output, html);
  process.stderr.write(`report: ${path.resolve(args.output)} (${results.length} results)\n`);
  if (args.markdown) {
    await writeFileAtomic(args.markdown, renderMarkdown(results) + '\n');
    process.stderr.write(`markdown: ${path.resolve(args.markdown)}\n`);
  }
}
