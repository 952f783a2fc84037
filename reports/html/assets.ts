/**
 * The chart libraries the page inlines: vega, vega-lite and vega-embed, read from their UMD
 * builds in node_modules at report time (the `jsdelivr`/`unpkg` file each package publishes), so
 * the page needs no network. Packages are located through Node's module resolution, so this
 * works from sources, from dist/ and from an installed cachebench.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface ChartLibrary {
  readonly name: 'vega' | 'vega-lite' | 'vega-embed';
  readonly version: string;
  /** The UMD build's source, as read from disk. */
  readonly source: string;
}

/** Load order: vega-lite needs the `vega` global, vega-embed needs both. */
export const CHART_LIBRARY_NAMES = ['vega', 'vega-lite', 'vega-embed'] as const;

let cached: readonly ChartLibrary[] | undefined;

/** The three libraries, read once per process. */
export function chartLibraries(): readonly ChartLibrary[] {
  cached ??= CHART_LIBRARY_NAMES.map(loadLibrary);
  return cached;
}

function loadLibrary(name: ChartLibrary['name']): ChartLibrary {
  let entry: string;
  try {
    // require.resolve rather than import.meta.resolve: the latter is missing under some loaders (vitest).
    entry = createRequire(import.meta.url).resolve(name);
  } catch (cause) {
    throw new Error(`report: cannot find the package '${name}' (needed to inline charts); install dependencies with npm ci`, { cause });
  }
  const root = packageRoot(entry, name);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const umd = [manifest['jsdelivr'], manifest['unpkg']].find((f): f is string => typeof f === 'string');
  if (umd === undefined) throw new Error(`report: package '${name}' at ${root} publishes no UMD build (jsdelivr/unpkg field)`);
  const file = path.join(root, umd);
  return { name, version: String(manifest['version']), source: readFileSync(file, 'utf8') };
}

/** The folder of `name`'s package.json above `entry`. */
function packageRoot(entry: string, name: string): string {
  let dir = path.dirname(entry);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (pkg.name === name) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`report: no package.json named '${name}' above ${entry}`);
    dir = parent;
  }
}
