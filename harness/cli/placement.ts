/**
 * `--cpus`: where the load generator runs. Pins this process, every thread it has and every
 * worker thread it starts later (they inherit the mask), before any cell runs. The result
 * records the placement the kernel reports (`env.cpu.affinity`), so a run pinned by `taskset`
 * from outside is described the same way.
 */
import { cpuListAllowed, parseCpuList, pinProcess } from '../../engines/real/managed/index.js';
import { UsageError } from './parse-values.js';

export function placeLoadGenerator(raw: string | undefined): void {
  if (raw === undefined) return;
  const cpus = parseCpuList(raw);
  if (cpus === null) throw new UsageError(`invalid --cpus: got '${raw}'; expected ${cpuListAllowed()}`);
  pinProcess(process.pid, cpus);
}
