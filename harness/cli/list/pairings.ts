/**
 * `cachebench list`: every engine with its option table (name, meaning, default, allowed values
 * — `EngineFactory.options`), every workload with its parameters and figures from its tables,
 * and the engine × workload table: which pairings run natively, which through a workload's
 * emulation, and which are refused (with the missing capabilities). Derived from the registries.
 */
import { ENGINE_FACTORIES } from '../../../engines/registry.js';
import { pairing as pairingOf, pairingText, type Pairing } from '../../../workloads/pairing.js';
import { figureDoc } from '../../../workloads/figure-table.js';
import { WORKLOAD_FACTORIES } from '../../../workloads/registry.js';
import { UsageError } from '../parse-values.js';

/** The pairing of two registered names (the rule itself is `workloads/pairing.ts`). */
function pairing(engine: string, workload: string): Pairing {
  return pairingOf(WORKLOAD_FACTORIES.get(workload)!, ENGINE_FACTORIES.get(engine)!);
}

export function renderPairings(): string {
  const engines = [...ENGINE_FACTORIES.keys()];
  const lines: string[] = [];
  lines.push('Engines:');
  for (const f of ENGINE_FACTORIES.values()) {
    lines.push(`  ${f.name.padEnd(18)} ${f.family.padEnd(10)} ${f.location.padEnd(11)} ${f.description}`);
    // The factory's own option table (--engine-opt name=value, or a suite's engine options).
    for (const o of f.options) lines.push(`      ${o.name}: ${o.doc} (${o.required ? 'required' : `default ${o.default === '' ? 'none' : o.default}`}; ${o.values})`);
  }
  lines.push('', 'Workloads:');
  for (const w of WORKLOAD_FACTORIES.values()) {
    lines.push(`  ${w.name.padEnd(18)} ${w.description}`);
    for (const [k, doc] of Object.entries(w.params)) lines.push(`      ${k}: ${doc}`);
    lines.push('    figures:');
    for (const spec of w.figureTable) if (!spec.hidden) lines.push(`      ${figureDoc(spec)}`);
  }
  lines.push('', 'Pairings (native | emulated | refused: missing capabilities):');
  const width = Math.max(...engines.map((e) => e.length), 6) + 2;
  lines.push('  ' + 'workload'.padEnd(18) + engines.map((e) => e.padEnd(width)).join(''));
  for (const w of WORKLOAD_FACTORIES.keys()) {
    const cells = engines.map((e) => {
      const p = pairing(e, w);
      return (p.kind === 'refused' ? `no` : p.kind).padEnd(width);
    });
    lines.push('  ' + w.padEnd(18) + cells.join(''));
  }
  const clusterNotes = [...WORKLOAD_FACTORIES.values()].filter((w) => w.onCluster !== undefined);
  if (clusterNotes.length > 0) {
    lines.push('', 'On a Redis Cluster (redis-cluster-server, redis+cluster://): the rest run as on one server; MGET is one GET per key');
    for (const w of clusterNotes) lines.push(`  ${w.name.padEnd(18)} ${w.onCluster}`);
  }
  return lines.join('\n') + '\n';
}

/** `run --list -w X [-e Y…]`: one line per engine saying how (or why not) X runs on it. */
export function renderPairingDetail(engines: readonly string[], workload: string | undefined): string {
  const es = engines.length > 0 ? engines : [...ENGINE_FACTORIES.keys()];
  const ws = workload ? [workload] : [...WORKLOAD_FACTORIES.keys()];
  const lines: string[] = [];
  for (const w of ws) {
    if (!WORKLOAD_FACTORIES.has(w)) throw new UsageError(`invalid --workload: got '${w}'; expected one of ${[...WORKLOAD_FACTORIES.keys()].join(', ')}`);
    for (const e of es) {
      if (!ENGINE_FACTORIES.has(e)) throw new UsageError(`invalid --engine: got '${e}'; expected one of ${[...ENGINE_FACTORIES.keys()].join(', ')}`);
      const p = pairing(e, w);
      const how = p.kind === 'refused' ? `not capable: needs ${p.missing.join(', ')}` : pairingText(p);
      const cluster = ENGINE_FACTORIES.get(e)!.cluster && p.kind !== 'refused' ? WORKLOAD_FACTORIES.get(w)!.onCluster : undefined;
      lines.push(`${w} on ${e}: ${how}${cluster !== undefined ? ` (on a cluster: ${cluster})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
