/**
 * Messages between `cachebench http` and the API thread (`api-thread.ts`). The thread builds
 * the cache engine (its `create`, after the main thread's `prepareShared`) and the API, listens
 * on loopback, and answers requests by id.
 */
import type { EngineStats } from '../../engines/types.js';
import type { RouteTotals } from '../../workloads/http/meter.js';
import type { CheckResult } from '../../workloads/types.js';

export interface ApiThreadData {
  /** Registry name of the cache, or `none`. */
  readonly engine: string;
  readonly engineOptions: Record<string, unknown>;
  readonly sharedPayload: unknown;
  readonly hasShared: boolean;
  readonly params: Record<string, unknown>;
  readonly seed: number;
}

export type ApiRequestMessage = { readonly id: number; readonly op: 'totals' | 'reset' | 'check' | 'stats' | 'close' };

export type ApiReplyMessage =
  | { readonly id: number; readonly totals: Record<string, RouteTotals> }
  | { readonly id: number; readonly checks: CheckResult[] }
  | { readonly id: number; readonly stats: EngineStats }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: string };

export type ApiReadyMessage =
  | {
      readonly ready: true;
      readonly port: number;
      readonly engineInfo: { name: string; family: 'redis' | 'memcached' | 'null'; location: 'in-process' | 'managed' | 'remote'; version: string; capabilities: string[] };
    }
  | { readonly ready: false; readonly error: string };
