/**
 * Worker threads run compiled JavaScript, and vitest's transform does not reach into them. Code
 * that only tests run in a worker (the memcached store's stress worker) lives under test/ and is
 * compiled by `npm run build` with `test/tsconfig.workers.json` into `dist-test/` — beside
 * `dist/`, never inside it, so the package (`files: dist`) ships none of it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../shared/dist-url.js';

/** URL of a compiled test worker, by its project-relative path with `.js` (`test/…/stress-worker.js`). */
export function testWorkerUrl(projectRelativeJs: string): URL {
  const file = path.join(PROJECT_ROOT, 'dist-test', projectRelativeJs);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (it compiles test workers into dist-test/)`);
  return pathToFileURL(file);
}
