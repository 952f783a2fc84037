/**
 * Options of the `memcached` and `memcached-server` engines' clients, validated once with
 * messages that name the field and the allowed values. Values may arrive as strings from the
 * command line.
 */

import { oneOf, range } from '../../engine-options.js';
import type { EngineOption } from '../../types.js';

export type McClientKind = 'text' | 'memjs';
export const MC_CLIENT_KINDS: readonly McClientKind[] = ['text', 'memjs'];

/** The client options of both memcached engines, as rows of their option tables. */
export const MC_ADAPTER_OPTIONS: readonly EngineOption[] = [
  { name: 'client', values: oneOf(MC_CLIENT_KINDS), default: 'text', doc: 'text: the lean text driver; memjs: binary protocol (SASL with credentials in the URL)', example: 'memjs' },
  { name: 'connections', values: range(1), default: '1', doc: 'sockets per load thread (--clients)', example: '4' },
  { name: 'timeoutMs', values: range(1), default: '5000', doc: 'per-request timeout in ms', example: '1000' },
];

export interface McAdapterOptions {
  readonly client: McClientKind;
  readonly connections: number;
  readonly timeoutMs: number;
}

/** `value` (a number or its decimal string) as a positive integer; `fallback` when undefined. */
export function positiveInt(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`${field}: must be a positive integer (got '${String(value)}')`);
  return n;
}

export function resolveMcAdapterOptions(options: Record<string, unknown>): McAdapterOptions {
  const client = options['client'] ?? 'text';
  if (client !== 'text' && client !== 'memjs') throw new Error(`client: '${String(client)}' is not one of ${MC_CLIENT_KINDS.join(', ')}`);
  return {
    client,
    connections: positiveInt('connections', options['connections'], 1),
    timeoutMs: positiveInt('timeoutMs', options['timeoutMs'], 5000),
  };
}
