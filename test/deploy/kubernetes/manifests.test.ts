/**
 * deploy/kubernetes/ without a cluster: every manifest validates against the Kubernetes API
 * schema (kubernetes-models, generated from the API's OpenAPI definitions), the kustomization
 * renders with kubectl's kustomize, the Indexed Job and the merge Job agree on the shard count,
 * the suite in the ConfigMap is one every shard can run, and the command lines use flags that
 * exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveCell } from '../../../harness/cell/resolve-cell.js';
import { expandSuite, parseSuite } from '../../../harness/suite/suite.js';
import { distUrl, PROJECT_ROOT } from '../../../shared/dist-url.js';
import { serversRequired } from '../../support/servers.js';

const DIR = path.join(PROJECT_ROOT, 'deploy/kubernetes');
const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

/** The kubernetes-models class of each kind used, by apiVersion/kind. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'batch/v1/Job': Job as never,
  'v1/ConfigMap': ConfigMap as never,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim as never,
};

function parseYaml(text: string): Manifest[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Manifest;
  });
}

function validate(m: Manifest): void {
  const Model = MODELS[`${m.apiVersion}/${m.kind}`];
  expect(Model, `no model for ${m.apiVersion} ${m.kind}`).toBeDefined();
  new Model!(m as never).validate();
}

const kustomization = parseYaml(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0] as unknown as { resources: string[] };
const manifests = kustomization.resources.flatMap((file) => parseYaml(readFileSync(path.join(DIR, file), 'utf8')));
const byName = (kind: string, name: string): Manifest => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;

type Container = { name: string; image: string; args: string[]; env: { name: string; value?: string }[]; resources: { requests?: Record<string, string>; limits?: Record<string, string> } };
type JobSpec = {
  completionMode?: string;
  completions: number;
  parallelism: number;
  template: { spec: { containers: Container[]; initContainers?: Container[]; affinity?: { podAntiAffinity?: Record<string, { topologyKey: string }[]> } } };
};
const jobSpec = (m: Manifest): JobSpec => m.spec as JobSpec;
const envOf = (c: Container, name: string): string | undefined => c.env.find((e) => e.name === name)?.value;

describe('deploy/kubernetes manifests', () => {
  it('every resource of the kustomization validates against the Kubernetes API schema', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/cachebench-run',
      'ConfigMap/cachebench-suite',
      'Job/cachebench-load',
      'Job/cachebench-merge',
      'PersistentVolumeClaim/cachebench-results',
    ]);
    for (const m of manifests) validate(m);
  });

  it('the schema check is real: a wrong field type or a missing required field is refused', () => {
    const load = structuredClone(byName('Job', 'cachebench-load'));
    (load.spec as Record<string, unknown>).parallelism = 'eight';
    expect(() => validate(load)).toThrow(/parallelism/);
    const noContainers = structuredClone(byName('Job', 'cachebench-load'));
    delete (jobSpec(noContainers).template.spec as Record<string, unknown>).containers;
    expect(() => validate(noContainers)).toThrow(/containers/);
  });

  it('the load is an Indexed Job of N pods, one per node, and every place that names N agrees', () => {
    const load = jobSpec(byName('Job', 'cachebench-load'));
    const merge = jobSpec(byName('Job', 'cachebench-merge'));
    expect(load.completionMode).toBe('Indexed');
    expect(load.parallelism).toBe(load.completions);
    const container = load.template.spec.containers[0]!;
    expect(Number(envOf(container, 'CACHEBENCH_SHARDS'))).toBe(load.completions);
    expect(Number(envOf(merge.template.spec.initContainers![0]!, 'CACHEBENCH_SHARDS'))).toBe(load.completions);
    const anti = load.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    expect(anti?.[0]?.topologyKey).toBe('kubernetes.io/hostname');
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits?.cpu).toBeUndefined(); // throttling would read as latency
  });

  it('the suite in the ConfigMap is one every shard can run', () => {
    const suite = parseSuite(JSON.parse((byName('ConfigMap', 'cachebench-suite').data as Record<string, string>)['suite.json']!));
    const shards = jobSpec(byName('Job', 'cachebench-load')).completions;
    const startAt = (byName('ConfigMap', 'cachebench-run').data as Record<string, string>)['start-at']!;
    const cells = expandSuite(suite);
    expect(cells.length).toBeGreaterThan(0);
    for (let index = 0; index < shards; index++) for (const cell of cells) resolveCell({ ...cell, shard: { index, count: shards }, startAt });
  });

  it('the commands use flags cachebench has', () => {
    const flagsIn = (args: readonly string[]): string[] => [...new Set(args.join(' ').match(/--[a-z][a-z-]+/g) ?? [])];
    const help = (command: string): string => spawnSync(process.execPath, [MAIN, command, '--help'], { encoding: 'utf8' }).stdout;
    const load = jobSpec(byName('Job', 'cachebench-load')).template.spec.containers[0]!;
    const merge = jobSpec(byName('Job', 'cachebench-merge')).template.spec.containers[0]!;
    expect(load.args.join(' ')).toMatch(/main\.js suite \/suite\/suite\.json/);
    expect(merge.args.join(' ')).toMatch(/main\.js merge --group/);
    const suiteHelp = help('suite');
    for (const flag of flagsIn(load.args)) expect(suiteHelp, flag).toContain(flag);
    const mergeHelp = help('merge');
    for (const flag of flagsIn(merge.args)) expect(mergeHelp, flag).toContain(flag);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const haveKubectl = kubectl.status === 0;
  if (!haveKubectl) {
    if (serversRequired()) throw new Error('CACHEBENCH_REQUIRE_SERVERS=1 but kubectl is missing (Debian: apt-get install kubernetes-client)');
    console.warn('\n!!! SKIPPING the kustomize render of deploy/kubernetes: kubectl is not installed\n');
  }
  it.skipIf(!haveKubectl)('kubectl kustomize renders the folder, the image set by the kustomization, and the rendered objects validate', () => {
    const r = spawnSync('kubectl', ['kustomize', DIR], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rendered = parseYaml(r.stdout);
    expect(rendered).toHaveLength(manifests.length);
    for (const m of rendered) validate(m);
    const images = rendered.filter((m) => m.kind === 'Job').flatMap((m) => {
      const spec = jobSpec(m).template.spec;
      return [...spec.containers, ...(spec.initContainers ?? [])].map((c) => c.image);
    });
    expect(new Set(images)).toEqual(new Set(['cachebench:0.1.0']));
    expect(existsSync(path.join(DIR, 'Dockerfile'))).toBe(true);
  });
});
