/**
 * Configuration of every run (seed, loop, concurrency, rate, threads, durations, timeouts and
 * whatever else the command line recorded) and the environment it ran in (tool version, git
 * commit, Node, CPU, OS). Identical environments are shown once, with the results they cover.
 */
import type { RunResult } from '../../../shared/result-types.js';
import { bytesToHuman, inFlightText, msToHuman, opsPerSecToHuman } from '../../format.js';
import { recordToText, table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function configurationSection(results: readonly RunResult[], names: readonly string[]): Markup {
  const configRows = results.map((r, i) => {
    const c = r.config;
    return [
      names[i]!,
      c.seed,
      c.loop,
      c.loop === 'closed' ? inFlightText(c) : '—',
      c.rate === null ? '—' : opsPerSecToHuman(c.rate),
      c.arrival ?? '—',
      c.threads,
      c.durationMs === null ? '—' : msToHuman(c.durationMs),
      c.requests === null ? '—' : c.requests,
      msToHuman(c.warmupMs),
      msToHuman(c.timeoutMs),
      html`<code>${recordToText(r.workload.params)}</code>`,
      html`<code>${recordToText(c.extra)}</code>`,
    ];
  });

  // Group results by identical environment + tool, so a suite on one machine shows one column.
  const groups = new Map<string, { result: RunResult; names: string[] }>();
  results.forEach((r, i) => {
    const key = JSON.stringify([r.env, r.tool]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { result: r, names: [names[i]!] });
    else group.names.push(names[i]!);
  });
  const envColumns = [...groups.values()];
  const envField = (title: string, get: (r: RunResult) => string | number) =>
    [title, ...envColumns.map((g) => get(g.result))] as const;
  const envRows = [
    envField('tool', (r) => `${r.tool.name} ${r.tool.version}`),
    envField('git commit', (r) => (r.tool.gitCommit === null ? 'not a git checkout' : `${r.tool.gitCommit}${r.tool.gitDirty === true ? ' (dirty)' : ''}`)),
    envField('node', (r) => r.env.node),
    envField('v8', (r) => r.env.v8),
    envField('os', (r) => `${r.env.os.platform} ${r.env.os.release} ${r.env.os.arch}`),
    envField('cpu', (r) => `${r.env.cpu.model} × ${r.env.cpu.count}${r.env.cpu.speedMHz > 0 ? ` @ ${r.env.cpu.speedMHz} MHz` : ''}`),
    envField('load generator on CPUs', (r) => r.env.cpu.affinity ?? 'not recorded'),
    envField('memory', (r) => bytesToHuman(r.env.memoryBytes)),
    envField('host', (r) => r.env.hostname),
    ['results', ...envColumns.map((g) => g.names.join(', '))] as const,
  ];

  return html`<section id="configuration"><h2>Configuration and environment</h2>
<h3>Configuration</h3>${table(
    [
      { title: 'result' },
      { title: 'seed', numeric: true },
      { title: 'loop' },
      { title: 'in flight per thread' },
      { title: 'target rate', numeric: true },
      { title: 'arrival' },
      { title: 'threads', numeric: true },
      { title: 'duration', numeric: true },
      { title: 'requests', numeric: true },
      { title: 'warm-up', numeric: true },
      { title: 'timeout', numeric: true },
      { title: 'workload parameters' },
      { title: 'other settings' },
    ],
    configRows,
  )}
<h3>Environment</h3>${table(
    [{ title: '' }, ...envColumns.map((_, i) => ({ title: envColumns.length === 1 ? 'value' : `environment ${i + 1}` }))],
    envRows,
  )}</section>`;
}
