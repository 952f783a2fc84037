/** The YCSB workloads' figures (`workloads/figure-table.ts`), one table for every preset. */
import { defineFigures } from '../figure-table.js';
import type { WorkloadParams } from '../types.js';

export const YCSB_FIGURES = defineFigures([
  { name: 'notFound', unit: 'count', merge: 'sum', doc: 'reads, updates and read-modify-writes of a record that was not there' },
  { name: 'inserts', unit: 'count', merge: 'sum', doc: 'records inserted in the measured phase' },
  { name: 'storage', unit: 'text', merge: 'last', doc: 'how a record is stored: hash (one field per hash field) or record (one JSON string)' },
  {
    name: 'scannedRecords',
    unit: 'count',
    merge: 'sum',
    doc: 'records returned by scans (only when scanproportion > 0)',
    when: (params: WorkloadParams) => Number(params['scanproportion']) > 0,
  },
]);
