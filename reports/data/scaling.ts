/**
 * The `cachebench.scaling` document that `bench/scaling` writes (ops/s at 1, 2, … threads per
 * engine) and the report draws as a scaling chart. The report reads it from a file the user
 * names, so it is validated here with errors that name the offending field.
 */

export interface ScalingPoint {
  readonly engine: string;
  readonly threads: number;
  readonly opsPerSec: number;
}

export interface ScalingReport {
  readonly schemaVersion: 1;
  readonly kind: 'cachebench.scaling';
  readonly points: readonly ScalingPoint[];
  /** Machine facts as the benchmark recorded them (shown as a table; any JSON object). */
  readonly env?: unknown;
  /** Engines the benchmark could not measure (listed under the chart). */
  readonly unavailable?: readonly string[];
  /** Named ratios the benchmark checks against its goals (`twoThreadsVsOne: 1.86`). */
  readonly goals?: Readonly<Record<string, number | null>>;
}

export class ScalingReportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ScalingReportError';
  }
}

/** Check that `json` is a scaling document; returns it typed, or throws naming the bad field. */
export function parseScalingReport(json: unknown): ScalingReport {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ScalingReportError('(document)', 'expected a JSON object with kind "cachebench.scaling"');
  }
  const doc = json as Record<string, unknown>;
  if (doc['kind'] !== 'cachebench.scaling') {
    throw new ScalingReportError('kind', `expected "cachebench.scaling", got ${JSON.stringify(doc['kind'])}`);
  }
  if (doc['schemaVersion'] !== 1) {
    throw new ScalingReportError('schemaVersion', `expected 1, got ${JSON.stringify(doc['schemaVersion'])}`);
  }
  const points = doc['points'];
  if (!Array.isArray(points)) throw new ScalingReportError('points', 'expected an array of { engine, threads, opsPerSec }');
  points.forEach((point: unknown, i) => {
    const where = `points[${i}]`;
    if (typeof point !== 'object' || point === null) throw new ScalingReportError(where, 'expected an object { engine, threads, opsPerSec }');
    const p = point as Record<string, unknown>;
    if (typeof p['engine'] !== 'string' || p['engine'] === '') {
      throw new ScalingReportError(`${where}.engine`, 'expected a non-empty string (the engine name)');
    }
    if (typeof p['threads'] !== 'number' || !Number.isInteger(p['threads']) || p['threads'] < 1) {
      throw new ScalingReportError(`${where}.threads`, `expected an integer ≥ 1, got ${JSON.stringify(p['threads'])}`);
    }
    if (typeof p['opsPerSec'] !== 'number' || !Number.isFinite(p['opsPerSec']) || p['opsPerSec'] < 0) {
      throw new ScalingReportError(`${where}.opsPerSec`, `expected a finite number ≥ 0, got ${JSON.stringify(p['opsPerSec'])}`);
    }
  });
  const unavailable = doc['unavailable'];
  if (unavailable !== undefined && !(Array.isArray(unavailable) && unavailable.every((e) => typeof e === 'string'))) {
    throw new ScalingReportError('unavailable', 'expected an array of engine names');
  }
  const goals = doc['goals'];
  if (goals !== undefined) {
    if (typeof goals !== 'object' || goals === null || Array.isArray(goals)) throw new ScalingReportError('goals', 'expected an object of name → number');
    for (const [name, value] of Object.entries(goals)) {
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        throw new ScalingReportError(`goals.${name}`, `expected a finite number or null, got ${JSON.stringify(value)}`);
      }
    }
  }
  return doc as unknown as ScalingReport;
}
