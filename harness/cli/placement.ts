/**
 * `--cpus`: where the load generator runs. Pins this process, every thread it has and every
 * worker thread it starts later (they inherit the mask), before any cell runs. The result
 * records the placement the kernel reports (`env.cpu.affinity`), so a run pinned by `taskset`
 * from outside is described the same way. A managed server given no `cpus` of its own runs where
 * cachebench could run before (`pinSelf`), not on the load generator's CPUs.
 */
import { cpuListAllowed, parseCpuList, pinSelf } from '../../engines/real/managed/index.js';
import { UsageError } from './parse-values.js';

export function placeLoadGenerator(raw: string | undefined): void {
  if (raw === undefined) return;
  const cpus = parseCpuList(raw);
  if (cpus === null) throw new UsageError(`invalid --cpus: got '${raw}'; expected ${cpuListAllowed()}`);
  pinSelf(cpus);
}
