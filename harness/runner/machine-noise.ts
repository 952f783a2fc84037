/**
 * Machine noise over a measured phase: load average, CPU steal, machine-wide busy share and this
 * process's own CPU share, sampled at the start and the end of the phase. `sampleMachine` reads
 * (/proc/stat, `os.loadavg`, `process.cpuUsage`); `machineNoise` is pure and decides whether the
 * run was disturbed, so the rule is tested on numbers.
 *
 * "Disturbed" means something other than this run competed for the CPUs: other processes used
 * more than `OTHER_CORES_LIMIT` cores on average, the hypervisor stole more than
 * `STEAL_SHARE_LIMIT` of the CPU time, or the load average at the end exceeded the CPU count.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineNoise } from '../../shared/result-types.js';

export const OTHER_CORES_LIMIT = 0.5;
export const STEAL_SHARE_LIMIT = 0.02;

/** Jiffies summed over all CPUs, from the first line of /proc/stat. */
export interface CpuTimes {
  readonly total: number;
  readonly idle: number;
  readonly steal: number;
}

export interface MachineSample {
  readonly atMs: number;
  readonly loadAvg1: number;
  readonly cpu: CpuTimes | null;
  /** `process.cpuUsage()` user + system, µs. */
  readonly processCpuUs: number;
}

/** The aggregate `cpu` line of /proc/stat → totals (user nice system idle iowait irq softirq steal). */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 8 || f.some((x) => !Number.isFinite(x))) return null;
  // guest and guest_nice (fields 9, 10) are already counted in user and nice.
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, idle: f[3]! + f[4]!, steal: f[7]! };
}

export function sampleMachine(nowMs: number): MachineSample {
  let cpu: CpuTimes | null = null;
  try {
    cpu = parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    // Not Linux: CPU shares are null and said so in the result.
  }
  const u = process.cpuUsage();
  return { atMs: nowMs, loadAvg1: os.loadavg()[0] ?? 0, cpu, processCpuUs: u.user + u.system };
}

export function machineNoise(start: MachineSample, end: MachineSample, cpuCount: number): MachineNoise {
  const wallMs = Math.max(1e-6, end.atMs - start.atMs);
  const processCpuCores = (end.processCpuUs - start.processCpuUs) / 1000 / wallMs;
  let stealShare: number | null = null;
  let machineBusyShare: number | null = null;
  let otherCpuCores: number | null = null;
  if (start.cpu && end.cpu && end.cpu.total > start.cpu.total) {
    const total = end.cpu.total - start.cpu.total;
    stealShare = clamp01((end.cpu.steal - start.cpu.steal) / total);
    machineBusyShare = clamp01(1 - (end.cpu.idle - start.cpu.idle) / total);
    // Steal is time the CPUs did not run us; it is not another process on this machine.
    otherCpuCores = (machineBusyShare - stealShare) * cpuCount - processCpuCores;
  }
  const reasons: string[] = [];
  if (otherCpuCores !== null && otherCpuCores > OTHER_CORES_LIMIT) reasons.push(`other processes used ${otherCpuCores.toFixed(2)} of ${cpuCount} cores`);
  if (stealShare !== null && stealShare > STEAL_SHARE_LIMIT) reasons.push(`the hypervisor stole ${(stealShare * 100).toFixed(1)}% of CPU time`);
  if (end.loadAvg1 > cpuCount) reasons.push(`load average ${end.loadAvg1.toFixed(2)} on ${cpuCount} CPUs`);
  return {
    loadAvg1: { start: round3(start.loadAvg1), end: round3(end.loadAvg1) },
    cpuCount,
    stealShare: stealShare === null ? null : round3(stealShare),
    machineBusyShare: machineBusyShare === null ? null : round3(machineBusyShare),
    processCpuCores: round3(Math.max(0, processCpuCores)),
    otherCpuCores: otherCpuCores === null ? null : round3(otherCpuCores),
    disturbed: reasons.length > 0,
    reasons,
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
