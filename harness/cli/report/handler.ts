/** `cachebench report` handler: read and check result files, write HTML (and Markdown) atomically. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseScalingReport, renderHtmlReport, renderMarkdown, scalingFromResults } from '../../../reports/index.js';
import { writeFileAtomic } from '../../results/files.js';
import { expandResultPaths, loadRunResults } from '../load-results.js';
import { loadSearchRecords } from '../../slo/record-file.js';
import { readDurabilityResult } from '../../durability/result-file.js';
import { DURABILITY_KIND, type DurabilityResult } from '../../durability/types.js';
import type { ReportArgs } from './command.js';

export async function reportHandler(args: ReportArgs): Promise<void> {
  // Other cachebench kinds (durability, search records) are not run results; they join below.
  const { results, notes } = await loadRunResults(args.files, 'files');
  for (const note of notes) process.stderr.write(`${note}\n`);
  // An explicit bench/scaling file wins; otherwise cells run at several thread counts make one.
  const scaling = args.scaling ? parseScalingReport(JSON.parse(await readFile(args.scaling, 'utf8'))) : (scalingFromResults(results) ?? undefined);
  // Search records (slo/sweep) and durability results in the same folders join the page.
  const searches = await loadSearchRecords(args.files);
  const durability = await loadDurabilityResults(args.files);
  const html = renderHtmlReport(results, {
    ...(args.title ? { title: args.title } : {}),
    ...(scaling ? { scaling } : {}),
    ...(searches.length > 0 ? { searches } : {}),
    ...(durability.length > 0 ? { durability } : {}),
  });
  await writeFileAtomic(args.output, html);
  process.stderr.write(`report: ${path.resolve(args.output)} (${results.length} results)\n`);
  if (args.markdown) {
    await writeFileAtomic(args.markdown, renderMarkdown(results) + '\n');
    process.stderr.write(`markdown: ${path.resolve(args.markdown)}\n`);
  }
}

/** The durability results among the given files and folders (other kinds are left to their readers). */
async function loadDurabilityResults(paths: readonly string[]): Promise<DurabilityResult[]> {
  const out: DurabilityResult[] = [];
  for (const file of await expandResultPaths(paths, 'files')) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (!text.includes(`"${DURABILITY_KIND}"`)) continue;
    out.push(await readDurabilityResult(file));
  }
  return out;
}
