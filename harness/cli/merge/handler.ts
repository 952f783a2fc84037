/** `cachebench merge` handler: read shard files, merge (refusals exit 2), write atomically, print. */
import path from 'node:path';
import { groupByRun, mergeShards } from '../../merge/merge-shards.js';
import type { RunResult } from '../../../shared/result-types.js';
import { readResult, writeFileAtomic, writeResult } from '../../results/files.js';
import { expandResultPaths } from '../load-results.js';
import { DEFAULT_RESULTS_DIR, emit, exitCodeFor, outputFormat } from '../run/handler.js';
import { UsageError } from '../parse-values.js';
import type { MergeArgs } from './command.js';

export async function mergeHandler(args: MergeArgs): Promise<void> {
  const format = outputFormat(args.format);
  const files = await expandResultPaths(args.files, 'files');
  const shards = await Promise.all(files.map(async (source) => ({ source, result: await readResult(source) })));
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  if (args.group) {
    if (out.endsWith('.json')) throw new UsageError(`invalid --out: got '${out}'; with --group, a folder (one merged result per run)`);
    const merged: RunResult[] = [];
    for (const group of groupByRun(shards)) {
      const result = mergeShards(group);
      merged.push(result);
      process.stderr.write(`merged ${group.length} shards: ${await writeResult(out, result)}\n`);
    }
    await emit(merged, { format, report: args.report });
    process.exitCode = exitCodeFor(merged, args.strict === true);
    return;
  }
  const merged = mergeShards(shards);
  if (out.endsWith('.json')) {
    await writeFileAtomic(out, JSON.stringify(merged, null, 1) + '\n');
    process.stderr.write(`merged ${shards.length} shards: ${path.resolve(out)}\n`);
  } else {
    process.stderr.write(`merged ${shards.length} shards: ${await writeResult(out, merged)}\n`);
  }
  await emit([merged], { format, report: args.report });
  process.exitCode = exitCodeFor([merged], args.strict === true);
}
