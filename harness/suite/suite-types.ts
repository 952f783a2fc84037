/**
 * The suite file: a named list of cell groups, each expanded into cells by its engines × its
 * matrix of settings. JSON, so it can live in a repo beside the code it gates.
 *
 * ```json
 * { "name": "nightly", "defaults": { "durationMs": 10000, "seed": 7 },
 *   "cells": [ { "engines": ["redis-style", "memcached-style"], "workload": "kv",
 *                "params": { "ratio": "1:10" }, "matrix": { "threads": [1, 2] } } ] }
 * ```
 *
 * `clients` and `pipeline` are memtier's shape for real servers, as `--clients`/`--pipeline`
 * are for `run`: connections per load thread (the engine's `connections`, set from it) and
 * requests in flight per connection (suites/README.md).
 */
import type { ConfigInput } from '../runner/config.js';

export interface SuiteGroup {
  readonly engines: readonly (string | { readonly name: string; readonly options?: Record<string, unknown> })[];
  readonly workload: string;
  readonly params?: Record<string, unknown>;
  readonly config?: ConfigInput;
  /** Each key a config field, each value the list of settings to try; the cartesian product runs. */
  readonly matrix?: Partial<Record<MatrixField, readonly unknown[]>>;
  readonly label?: string;
}

export const MATRIX_FIELDS = ['concurrency', 'clients', 'pipeline', 'rate', 'arrival', 'threads', 'durationMs', 'requests', 'warmupMs', 'loop'] as const;
export type MatrixField = (typeof MATRIX_FIELDS)[number];

export interface Suite {
  readonly name: string;
  readonly description?: string;
  /** Runs of every cell, interleaved across cells (`--repeat` overrides). @default 1 */
  readonly repeat?: number;
  /** Config applied to every cell unless the cell sets it. */
  readonly defaults?: ConfigInput;
  readonly cells: readonly SuiteGroup[];
}
