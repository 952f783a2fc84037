/**
 * Which suite cell a result belongs to, so `suite --resume` can tell finished cells from the
 * rest. The key is the cell's position plus a hash of its expanded spec (engine and options,
 * workload and parameters, settings, label) — editing a cell, or the suite around it, makes it
 * run again rather than be mistaken for done. It is recorded in the result as
 * `config.extra.suiteCell` (suite name, 1-based index, count, `cellId`).
 */
import { createHash } from 'node:crypto';
import type { CellSpec } from '../cell/run-cell.js';

export interface SuiteCellTag {
  readonly suite: string;
  readonly index: number;
  readonly of: number;
  /** Position and spec hash (`3-9f2c…`); named so that secret redaction leaves it alone. */
  readonly cellId: string;
}

/** JSON with object keys sorted, so equal specs hash equally whatever order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function cellKey(cell: CellSpec, index: number): string {
  // Every shard of a sharded suite tags a cell alike (the shard's index is not part of the cell;
  // the shard count is): the tag is part of the run identity that `merge --group` matches, and
  // with the index in it no two shards of a cell were ever one run.
  const spec = cell.shard ? { ...cell, shard: { count: cell.shard.count } } : cell;
  const hash = createHash('sha256').update(canonical(spec)).digest('hex').slice(0, 16);
  return `${index + 1}-${hash}`;
}

/** The cells with their tag in `config.extra.suiteCell`. */
export function tagCells(suite: string, cells: readonly CellSpec[]): CellSpec[] {
  return cells.map((cell, i) => {
    const tag: SuiteCellTag = { suite, index: i + 1, of: cells.length, cellId: cellKey(cell, i) };
    return { ...cell, config: { ...cell.config, extra: { ...cell.config?.extra, suiteCell: tag } } };
  });
}

/** The tag a result carries, if it came from a suite cell. */
export function suiteCellOf(result: { readonly config: { readonly extra: Record<string, unknown> } }): SuiteCellTag | null {
  const tag = result.config.extra['suiteCell'];
  if (tag === null || typeof tag !== 'object') return null;
  const t = tag as Partial<SuiteCellTag>;
  return typeof t.cellId === 'string' && typeof t.index === 'number' ? (t as SuiteCellTag) : null;
}
