/** `cachebench merge` handler: read shard files, merge (refusals exit 2), write atomically, print. */
import path from 'node:path';
import { mergeShards } from '../../merge/merge-shards.js';
import { readResult, writeFileAtomic, writeResult } from '../../results/files.js';
import { expandResultPaths } from '../load-results.js';
import { DEFAULT_RESULTS_DIR, emit, exitCodeFor, outputFormat } from '../run/handler.js';
import type { MergeArgs } from './command.js';

export async function mergeHandler(args: MergeArgs): Promise<void> {
  const format = outputFormat(args.format);
  const files = await expandResultPaths(args.files, 'files');
  const shards = await Promise.all(files.map(async (source) => ({ source, result: await readResult(source) })));
  const merged = mergeShards(shards);
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  if (out.endsWith('.json')) {
    await writeFileAtomic(out, JSON.stringify(merged, null, 1) + '\n');
    process.stderr.write(`merged ${shards.length} shards: ${path.resolve(out)}\n`);
  } else {
    process.stderr.write(`merged ${shards.length} shards: ${await writeResult(out, merged)}\n`);
  }
  await emit([merged], { format, save: false, out, report: args.report });
  process.exitCode = exitCodeFor([merged], args.strict === true);
}
