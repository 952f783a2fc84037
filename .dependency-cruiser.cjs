/**
 * The import-boundary rule of cachebench, checked by dependency-cruiser
 * (`npm run check:imports`, and by `test/architecture/boundaries.test.ts` inside `npm test`).
 * ARCHITECTURE.md draws the same picture.
 *
 * LAYERS lists the layers from the bottom up; a file may import its own layer and the layers
 * below it, never one above. Every source file belongs to exactly one layer (the test checks
 * that too), so a new folder must say where it stands. A folder under harness/ that is not
 * named here belongs to `harness tasks` (suite, compare, durability, …): above one cell's run,
 * below the reports and the CLI.
 */
const HARNESS_NAMED = ['env\\.ts', 'recorder/', 'results/', 'runner/', 'threads/', 'shard/', 'cell/', 'cli/'];

/** @type {{ name: string, path: string, owns: string }[]} bottom first */
const LAYERS = [
  { name: 'shared', path: '^shared/', owns: 'what every layer shares: seeded RNG + stream ids, result types + schema, HDR settings, clock, dist-url, ns/number text' },
  { name: 'engines', path: '^engines/', owns: 'the Engine contract and every engine; know nothing of workloads or the harness' },
  { name: 'workloads', path: '^workloads/', owns: 'workloads, key distributions, value sizes; drive an Engine' },
  { name: 'harness base', path: '^harness/(env\\.ts$|recorder/)', owns: 'machine facts, the per-thread recorder' },
  { name: 'results', path: '^harness/results/', owns: 'thread parts → RunResult assembly, atomic files' },
  { name: 'runner', path: '^harness/runner/', owns: 'one thread’s part: config, plan, loops, calibration, driver' },
  { name: 'threads', path: '^harness/threads/', owns: 'thread handles (local or worker) and the worker entry' },
  { name: 'shard', path: '^harness/shard/', owns: 'a shard’s identity, placement, start time and clock offset' },
  { name: 'cell', path: '^harness/cell/', owns: 'one cell end to end: resolve, run' },
  { name: 'harness tasks', path: `^harness/(?!(${HARNESS_NAMED.join('|')}))`, owns: 'suite, compare, durability and other tasks over cells' },
  { name: 'reports', path: '^reports/', owns: 'results → HTML, Markdown, terminal text (incl. compare and durability printers)' },
  { name: 'cli', path: '^harness/cli/', owns: 'one folder per command: parse, call below, print' },
  { name: 'bench and test', path: '^(bench|test)/', owns: 'benchmarks and tests of everything below' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer:${layer.name}`,
  comment: `${layer.name} must not import a layer above it (${LAYERS.slice(i + 1).map((l) => l.name).join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      // A concept folder (engines/redis, harness/runner, …) may hold a cycle inside it — the
      // redis-style server and its clients know each other's types, as redis's server.h does —
      // but no cycle may leave the folder.
      name: 'no-cycle-across-folders',
      comment: 'files in different concept folders form an import cycle',
      severity: 'error',
      from: { path: '^([^/]+/[^/]+)/' },
      to: { circular: true, via: { pathNot: '^$1/' } },
    },
    {
      name: 'no-cycle-across-folders',
      comment: 'top-level files of a layer and a folder form an import cycle',
      severity: 'error',
      from: { path: '^([^/]+)/[^/]+$' },
      to: { circular: true, via: { pathNot: '^$1/[^/]+$' } },
    },
    {
      // An import the cruiser cannot resolve would escape every rule above.
      name: 'no-unresolvable',
      comment: 'an import dependency-cruiser cannot resolve (so no rule could check it)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-dev-dependency-in-product',
      comment: 'shipped code imports a devDependency (it is not installed for users)',
      severity: 'error',
      from: { path: '^(shared|engines|workloads|harness|reports)/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser; swc parses the sources.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'] },
  },
};
// The layer table for the boundary test, kept off the configuration dependency-cruiser validates.
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
