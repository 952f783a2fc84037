import { describe, expect, it } from 'vitest';
import { machineNoise, parseProcStat, sampleMachine, type MachineSample } from '../../../harness/runner/machine-noise.js';

const STAT = (user: number, idle: number, steal: number) => `cpu  ${user} 0 100 ${idle} 0 0 0 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n`;

function sample(atMs: number, user: number, idle: number, steal: number, processCpuUs: number, loadAvg1 = 0.5): MachineSample {
  return { atMs, loadAvg1, cpu: parseProcStat(STAT(user, idle, steal)), processCpuUs };
}

describe('machineNoise', () => {
  it('parses the aggregate cpu line of /proc/stat', () => {
    expect(parseProcStat(STAT(1000, 5000, 20))).toEqual({ total: 6120, idle: 5000, steal: 20 });
    expect(parseProcStat('intr 1 2 3')).toBeNull();
  });

  it('a quiet machine: this process did the work, nothing else ran', () => {
    // 2 CPUs over 1 s = 200 jiffies; the process used 0.9 s of CPU = 90 busy jiffies.
    const n = machineNoise(sample(0, 0, 0, 0, 0), sample(1000, 90, 110, 0, 900_000), 2);
    expect(n).toMatchObject({ processCpuCores: 0.9, machineBusyShare: 0.45, stealShare: 0, disturbed: false, reasons: [] });
    expect(n.otherCpuCores).toBeCloseTo(0, 5);
  });

  it('flags other processes, steal and a high load average', () => {
    const n = machineNoise(sample(0, 0, 0, 0, 0), sample(1000, 190, 0, 10, 500_000, 6.5), 2);
    expect(n.disturbed).toBe(true);
    expect(n.otherCpuCores).toBeCloseTo(1.4, 5);
    expect(n.reasons).toEqual(['other processes used 1.40 of 2 cores', 'the hypervisor stole 5.0% of CPU time', 'load average 6.50 on 2 CPUs']);
  });

  it('samples this machine', () => {
    const s = sampleMachine(performance.now());
    expect(s.processCpuUs).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(s.cpu!.total).toBeGreaterThan(0);
  });
});
