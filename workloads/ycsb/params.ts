/**
 * Parameters of a YCSB workload: the preset's properties, overridable one by one under YCSB's
 * own property names (`recordcount`, `readproportion`, `requestdistribution`…), validated with
 * errors that name the property and its allowed values.
 */
import {
  formatKeyDistribution,
  KEY_DISTRIBUTION_FORMS,
  parseKeyDistribution,
  type KeyDistributionSpec,
} from '../distributions/spec.js';
import { describeParam, wholeNumberParam } from '../param-text.js';
import { WorkloadParamError, type WorkloadParams } from '../types.js';
import { formatValueSize, parseValueSize, VALUE_SIZE_FORMS, type ValueSizeSpec } from '../values/spec.js';
import { CACHEBENCH_DEFAULTS, type YcsbPreset } from './presets.js';

/** Operation kinds in YCSB's order; a workload's `opKinds` are those with a positive weight. */
export const YCSB_OPERATIONS = ['read', 'update', 'insert', 'scan', 'readmodifywrite'] as const;
export type YcsbOperation = (typeof YCSB_OPERATIONS)[number];

export type YcsbStorage = 'auto' | 'hash' | 'record';
/** YCSB's insertorder: key names from the hashed record number (default) or the number itself. */
export type YcsbInsertOrder = 'hashed' | 'ordered';
const INSERT_ORDERS: readonly YcsbInsertOrder[] = ['hashed', 'ordered'];
const STORAGES: readonly YcsbStorage[] = ['auto', 'hash', 'record'];

/** Largest record count: keys are record numbers and a hundred million records is plenty. */
const MAX_RECORDS = 100_000_000;
const MAX_FIELDS = 1000;

export interface YcsbParams {
  readonly recordcount: number;
  readonly fieldcount: number;
  readonly fieldlength: ValueSizeSpec;
  readonly readallfields: boolean;
  readonly writeallfields: boolean;
  /** Weights by operation, in `YCSB_OPERATIONS` order. */
  readonly proportions: readonly number[];
  readonly requestdistribution: KeyDistributionSpec;
  readonly maxscanlength: number;
  readonly scanlengthdistribution: 'uniform' | 'zipfian';
  readonly keyprefix: string;
  readonly insertorder: YcsbInsertOrder;
  readonly storage: YcsbStorage;
}

const PROPORTION_NAMES = YCSB_OPERATIONS.map((op) => `${op}proportion`);

/** Documented parameters for `--help`, with this preset's defaults. */
export function ycsbParamDocs(preset: YcsbPreset): Record<string, string> {
  const d = CACHEBENCH_DEFAULTS;
  return {
    recordcount: `records loaded before measuring (default ${d.recordcount}; YCSB's is 1000)`,
    fieldcount: `fields per record (default ${d.fieldcount})`,
    fieldlength: `bytes per field: ${VALUE_SIZE_FORMS} (default ${d.fieldlength})`,
    readallfields: `reads fetch every field (true) or one random field (default ${d.readallfields})`,
    writeallfields: `updates write every field (true) or one random field (default ${d.writeallfields})`,
    readproportion: `weight of reads (default ${preset.readproportion})`,
    updateproportion: `weight of updates (default ${preset.updateproportion})`,
    insertproportion: `weight of inserts of new records (default ${preset.insertproportion})`,
    scanproportion: `weight of scans, which need sorted sets (default ${preset.scanproportion})`,
    readmodifywriteproportion: `weight of read-modify-writes (default ${preset.readmodifywriteproportion})`,
    requestdistribution: `which records operations touch: ${KEY_DISTRIBUTION_FORMS} (default ${preset.requestdistribution})`,
    maxscanlength: `longest scan in records (default ${preset.maxscanlength})`,
    scanlengthdistribution: `scan lengths: uniform or zipfian over 1..maxscanlength (default ${preset.scanlengthdistribution})`,
    keyprefix: `key names are prefix + FNV hash of the record number (default '${d.keyprefix}')`,
    insertorder: `hashed (prefix + FNV hash of the record number) or ordered (prefix + the number) (default ${d.insertorder})`,
    storage: `auto (hashes where the engine has them, else serialised records), hash, or record (default ${d.storage})`,
  };
}

export function parseYcsbParams(preset: YcsbPreset, params: WorkloadParams): YcsbParams {
  const docs = ycsbParamDocs(preset);
  for (const name of Object.keys(params)) {
    if (!(name in docs)) {
      throw new WorkloadParamError(name, `unknown ${preset.name} parameter; allowed: ${Object.keys(docs).join(', ')}`);
    }
  }
  const d = CACHEBENCH_DEFAULTS;
  const proportions = YCSB_OPERATIONS.map((op, i) => {
    const name = PROPORTION_NAMES[i]!;
    const fallback = preset[name as keyof YcsbPreset] as number;
    return nonNegative(params[name] ?? fallback, name);
  });
  if (proportions.every((p) => p === 0)) {
    throw new WorkloadParamError('readproportion', `at least one of ${PROPORTION_NAMES.join(', ')} must be above 0`);
  }
  const scanDistribution = params['scanlengthdistribution'] ?? preset.scanlengthdistribution;
  if (scanDistribution !== 'uniform' && scanDistribution !== 'zipfian') {
    throw new WorkloadParamError('scanlengthdistribution', `expected uniform or zipfian, got ${describeParam(scanDistribution)}`);
  }
  const storage = params['storage'] ?? d.storage;
  if (!STORAGES.includes(storage as YcsbStorage)) {
    throw new WorkloadParamError('storage', `expected one of ${STORAGES.join(', ')}, got ${describeParam(storage)}`);
  }
  const keyprefix = params['keyprefix'] ?? d.keyprefix;
  if (typeof keyprefix !== 'string' || keyprefix.length > 200 || /[^\x21-\xff]/.test(keyprefix)) {
    throw new WorkloadParamError('keyprefix', `expected up to 200 bytes without spaces or control characters, got ${describeParam(keyprefix)}`);
  }
  const insertorder = params['insertorder'] ?? d.insertorder;
  if (!INSERT_ORDERS.includes(insertorder as YcsbInsertOrder)) {
    throw new WorkloadParamError('insertorder', `expected hashed or ordered, got ${describeParam(insertorder)}`);
  }
  const requestdistribution = parseKeyDistribution(params['requestdistribution'] ?? preset.requestdistribution, 'requestdistribution');
  return {
    recordcount: wholeNumberParam(params['recordcount'] ?? d.recordcount, 'recordcount', 1, MAX_RECORDS),
    fieldcount: wholeNumberParam(params['fieldcount'] ?? d.fieldcount, 'fieldcount', 1, MAX_FIELDS),
    fieldlength: parseValueSize(params['fieldlength'] ?? d.fieldlength, 'fieldlength'),
    readallfields: bool(params['readallfields'] ?? d.readallfields, 'readallfields'),
    writeallfields: bool(params['writeallfields'] ?? d.writeallfields, 'writeallfields'),
    proportions,
    requestdistribution,
    maxscanlength: wholeNumberParam(params['maxscanlength'] ?? preset.maxscanlength, 'maxscanlength', 1, 100_000),
    scanlengthdistribution: scanDistribution,
    keyprefix,
    insertorder: insertorder as YcsbInsertOrder,
    storage: storage as YcsbStorage,
  };
}

/** Every parameter with defaults filled in, in a form `parseYcsbParams` accepts again. */
export function recordedYcsbParams(p: YcsbParams): WorkloadParams {
  const out: Record<string, unknown> = {
    recordcount: p.recordcount,
    fieldcount: p.fieldcount,
    fieldlength: formatValueSize(p.fieldlength),
    readallfields: p.readallfields,
    writeallfields: p.writeallfields,
  };
  YCSB_OPERATIONS.forEach((_, i) => (out[PROPORTION_NAMES[i]!] = p.proportions[i]));
  out['requestdistribution'] = formatKeyDistribution(p.requestdistribution);
  out['maxscanlength'] = p.maxscanlength;
  out['scanlengthdistribution'] = p.scanlengthdistribution;
  out['keyprefix'] = p.keyprefix;
  out['insertorder'] = p.insertorder;
  out['storage'] = p.storage;
  return out;
}

function nonNegative(raw: unknown, field: string): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const value = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new WorkloadParamError(field, `expected a weight of 0 or more (like 0.5), got ${describeParam(raw)}`);
  }
  return value;
}

function bool(raw: unknown, field: string): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new WorkloadParamError(field, `expected true or false, got ${describeParam(raw)}`);
}
