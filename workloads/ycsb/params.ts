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
import { PARAM_PARSERS, paramDocs, rejectUnknownParams, type ParamTable } from '../param-table.js';

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
const MAX_SCAN_LENGTH = 100_000;

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
/**
 * A preset's parameter table: YCSB's property names, cachebench's defaults for the load and the
 * preset's own for the mix. The text ones (fieldlength, requestdistribution) are grammars parsed
 * in `parseYcsbParams`; the bounds here are the ones it checks.
 */
export function ycsbParamTable(preset: YcsbPreset): ParamTable {
  const d = CACHEBENCH_DEFAULTS;
  return [
    { name: 'recordcount', kind: 'int', default: d.recordcount, min: 1, max: MAX_RECORDS, doc: "records loaded before measuring (YCSB's default is 1000)" },
    { name: 'fieldcount', kind: 'int', default: d.fieldcount, min: 1, max: MAX_FIELDS, doc: 'fields per record' },
    { name: 'fieldlength', kind: 'text', default: d.fieldlength, unit: 'bytes', doc: `bytes per field: ${VALUE_SIZE_FORMS}` },
    { name: 'readallfields', kind: 'bool', default: d.readallfields, doc: 'reads fetch every field (true) or one random field' },
    { name: 'writeallfields', kind: 'bool', default: d.writeallfields, doc: 'updates write every field (true) or one random field' },
    { name: 'readproportion', kind: 'number', default: preset.readproportion, min: 0, doc: 'weight of reads' },
    { name: 'updateproportion', kind: 'number', default: preset.updateproportion, min: 0, doc: 'weight of updates' },
    { name: 'insertproportion', kind: 'number', default: preset.insertproportion, min: 0, doc: 'weight of inserts of new records' },
    { name: 'scanproportion', kind: 'number', default: preset.scanproportion, min: 0, doc: 'weight of scans, which need sorted sets' },
    { name: 'readmodifywriteproportion', kind: 'number', default: preset.readmodifywriteproportion, min: 0, doc: 'weight of read-modify-writes' },
    { name: 'requestdistribution', kind: 'text', default: preset.requestdistribution, doc: `which records operations touch: ${KEY_DISTRIBUTION_FORMS}` },
    { name: 'maxscanlength', kind: 'int', default: preset.maxscanlength, min: 1, max: MAX_SCAN_LENGTH, doc: 'longest scan in records' },
    { name: 'scanlengthdistribution', kind: 'enum', default: preset.scanlengthdistribution, values: ['uniform', 'zipfian'], doc: 'scan lengths over 1..maxscanlength' },
    { name: 'keyprefix', kind: 'string', default: d.keyprefix, doc: 'key names are prefix + FNV hash of the record number' },
    { name: 'insertorder', kind: 'enum', default: d.insertorder, values: INSERT_ORDERS, doc: 'hashed (prefix + FNV hash of the record number) or ordered (prefix + the number)' },
    { name: 'storage', kind: 'enum', default: d.storage, values: STORAGES, doc: 'auto (hashes where the engine has them, else serialised records), hash, or record' },
  ];
}

export function ycsbParamDocs(preset: YcsbPreset): Record<string, string> {
  return paramDocs(ycsbParamTable(preset));
}

export function parseYcsbParams(preset: YcsbPreset, params: WorkloadParams): YcsbParams {
  const table = ycsbParamTable(preset);
  rejectUnknownParams(params, table, preset.name);
  const bool = (name: string): boolean => PARAM_PARSERS.bool(table.find((s) => s.name === name)!, params[name] ?? CACHEBENCH_DEFAULTS[name as 'readallfields'], {}) as boolean;
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
    readallfields: bool('readallfields'),
    writeallfields: bool('writeallfields'),
    proportions,
    requestdistribution,
    maxscanlength: wholeNumberParam(params['maxscanlength'] ?? preset.maxscanlength, 'maxscanlength', 1, MAX_SCAN_LENGTH),
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

