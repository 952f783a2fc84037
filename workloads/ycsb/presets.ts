/**
 * YCSB's six core workloads as data: the contents of YCSB's `workloads/workloada` … `workloadf`
 * property files, under YCSB's own property names, so a reader can hold one against the other.
 * Code reads this table; nothing about a preset lives anywhere else.
 *
 * Where cachebench departs from YCSB's files it says so in `CACHEBENCH_DEFAULTS`, which every
 * preset shares: YCSB's recordcount of 1000 is a toy (the whole set fits in a CPU cache and the
 * zipfian tail is 1000 keys long), so cachebench loads 10,000 records (≈ 10 MB of field data)
 * unless told otherwise.
 */

/** The properties a preset sets, by YCSB's names. Proportions are weights (YCSB normalises too). */
export interface YcsbPreset {
  /** Registry name: `ycsb-a` … `ycsb-f`. */
  readonly name: string;
  /** YCSB's one-line title of the workload. */
  readonly title: string;
  /** What it models, from YCSB's workload file comments. */
  readonly models: string;
  readonly readproportion: number;
  readonly updateproportion: number;
  readonly insertproportion: number;
  readonly scanproportion: number;
  readonly readmodifywriteproportion: number;
  /** `zipfian`, `latest` or `uniform` (any cachebench key distribution spec is accepted). */
  readonly requestdistribution: string;
  readonly maxscanlength: number;
  readonly scanlengthdistribution: 'uniform' | 'zipfian';
}

/** Properties every preset shares (YCSB's CoreWorkload defaults, except recordcount). */
export const CACHEBENCH_DEFAULTS = {
  /** YCSB: 1000. */
  recordcount: 10_000,
  fieldcount: 10,
  /** Bytes per field; any value-size spec (`100`, `10-100`, `100:9,1000:1`). YCSB: constant 100. */
  fieldlength: '100',
  readallfields: true,
  writeallfields: false,
  /** Key names are `user` + FNV-1a hash of the record number (YCSB's insertorder=hashed). */
  keyprefix: 'user',
  insertorder: 'hashed',
  /** `auto`: hashes on engines that have them, serialised records otherwise. */
  storage: 'auto',
} as const;

export const YCSB_PRESETS: readonly YcsbPreset[] = [
  {
    name: 'ycsb-a',
    title: 'Update heavy workload',
    models: 'session store recording recent actions',
    readproportion: 0.5,
    updateproportion: 0.5,
    insertproportion: 0,
    scanproportion: 0,
    readmodifywriteproportion: 0,
    requestdistribution: 'zipfian',
    maxscanlength: 1000,
    scanlengthdistribution: 'uniform',
  },
  {
    name: 'ycsb-b',
    title: 'Read mostly workload',
    models: 'photo tagging; adding a tag is an update, most operations read tags',
    readproportion: 0.95,
    updateproportion: 0.05,
    insertproportion: 0,
    scanproportion: 0,
    readmodifywriteproportion: 0,
    requestdistribution: 'zipfian',
    maxscanlength: 1000,
    scanlengthdistribution: 'uniform',
  },
  {
    name: 'ycsb-c',
    title: 'Read only',
    models: 'user profile cache, where profiles are constructed elsewhere (e.g. Hadoop)',
    readproportion: 1,
    updateproportion: 0,
    insertproportion: 0,
    scanproportion: 0,
    readmodifywriteproportion: 0,
    requestdistribution: 'zipfian',
    maxscanlength: 1000,
    scanlengthdistribution: 'uniform',
  },
  {
    name: 'ycsb-d',
    title: 'Read latest workload',
    models: 'user status updates; people want to read the latest',
    readproportion: 0.95,
    updateproportion: 0,
    insertproportion: 0.05,
    scanproportion: 0,
    readmodifywriteproportion: 0,
    requestdistribution: 'latest',
    maxscanlength: 1000,
    scanlengthdistribution: 'uniform',
  },
  {
    name: 'ycsb-e',
    title: 'Short ranges',
    models: 'threaded conversations, where each scan is for the posts in a given thread',
    readproportion: 0,
    updateproportion: 0,
    insertproportion: 0.05,
    scanproportion: 0.95,
    readmodifywriteproportion: 0,
    requestdistribution: 'zipfian',
    maxscanlength: 100,
    scanlengthdistribution: 'uniform',
  },
  {
    name: 'ycsb-f',
    title: 'Read-modify-write workload',
    models: 'user database, where user records are read and modified by the user',
    readproportion: 0.5,
    updateproportion: 0,
    insertproportion: 0,
    scanproportion: 0,
    readmodifywriteproportion: 0.5,
    requestdistribution: 'zipfian',
    maxscanlength: 1000,
    scanlengthdistribution: 'uniform',
  },
];
