/**
 * Facts about the machine and the tool recorded in every result: Node and V8 versions, OS,
 * CPU model, count and the CPUs this process may run on, memory, cachebench's version and git commit (when run from a checkout).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Environment, ToolInfo } from '../shared/result-types.js';
import { PROJECT_ROOT } from '../shared/dist-url.js';
import { cpuAffinityOf } from '../engines/real/managed/index.js';

export function collectEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    cpu: {
      model: cpus[0]?.model.trim() ?? 'unknown',
      // The machine's CPUs, which /proc/stat's machine-wide figures span: not
      // availableParallelism(), which is this process's affinity (1 under `taskset -c 0`).
      count: Math.max(1, cpus.length),
      speedMHz: cpus[0]?.speed ?? 0,
      affinity: cpuAffinityOf('self'),
    },
    memoryBytes: os.totalmem(),
    hostname: os.hostname(),
  };
}

let toolInfo: ToolInfo | null = null;

export function collectToolInfo(): ToolInfo {
  if (toolInfo) return toolInfo;
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  let gitCommit: string | null = null;
  let gitDirty: boolean | null = null;
  try {
    const opts = { cwd: PROJECT_ROOT, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], timeout: 5000 };
    gitCommit = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim() || null;
    gitDirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim().length > 0;
  } catch {
    // Not a git checkout (installed from npm): the version alone identifies the tool.
  }
  toolInfo = { name: 'cachebench', version: pkg.version, gitCommit, gitDirty };
  return toolInfo;
}
