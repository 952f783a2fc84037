/**
 * Worker threads must load compiled JavaScript. When cachebench runs from `dist/` this is the
 * module's sibling; when a module is loaded from TypeScript sources (vitest), the same relative
 * path is looked up under `dist/` instead — `npm test` builds first, so it is there.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/** Project root: the folder holding package.json, whether we run from sources or from dist/. */
export const PROJECT_ROOT: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url)); // …/shared or …/dist/shared
  const up1 = path.resolve(here, '..');
  return path.basename(up1) === 'dist' ? path.dirname(up1) : up1;
})();

/**
 * URL of the compiled JS file for a project-relative module path, e.g.
 * `distUrl('engines/memcached/worker.js')`. Throws with a clear message when not built.
 */
export function distUrl(projectRelativeJs: string): URL {
  const file = path.join(PROJECT_ROOT, 'dist', projectRelativeJs);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build\` first (worker threads load compiled JavaScript)`);
  }
  return pathToFileURL(file);
}
