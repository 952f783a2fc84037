/**
 * How a workload meets an engine — the one place this rule lives: **native** when the engine
 * has every capability the workload needs, the workload's **emulation** for the engine's family
 * when it has one, **refused** (naming what is missing) otherwise. `resolveCell` decides it once
 * per cell from the engine's factory, `cachebench list` shows it, the result records
 * `pairingText`, and every workload instance receives it as `WorkloadContext.mode`, so no
 * workload decides it again (never per operation).
 */
import { CapabilityError, type Capability, type EngineFamily } from '../engines/types.js';
import type { Emulation, WorkloadFactory } from './types.js';

/** A pairing that runs; structured-cloneable, so it crosses into worker threads in the plan. */
export type RunnablePairing = { readonly kind: 'native' } | { readonly kind: 'emulated'; readonly emulation: Emulation };
export type Pairing = RunnablePairing | { readonly kind: 'refused'; readonly missing: readonly Capability[] };

/** What `pairing` needs of an engine: its family and capabilities (a factory or an instance's info). */
export interface PairedEngine {
  readonly family: EngineFamily;
  readonly capabilities: ReadonlySet<Capability> | readonly Capability[];
}

export function pairing(workload: Pick<WorkloadFactory, 'needs' | 'emulations'>, engine: PairedEngine): Pairing {
  const has = (c: Capability): boolean =>
    engine.capabilities instanceof Set ? engine.capabilities.has(c) : (engine.capabilities as readonly Capability[]).includes(c);
  const missing = workload.needs.filter((c) => !has(c));
  if (missing.length === 0) return { kind: 'native' };
  const emulation = workload.emulations?.find((e) => e.family === engine.family);
  return emulation ? { kind: 'emulated', emulation } : { kind: 'refused', missing };
}

/** The pairing, or a `CapabilityError` naming the engine, the workload and what is missing. */
export function requirePairing(
  workload: Pick<WorkloadFactory, 'name' | 'needs' | 'emulations'>,
  engine: PairedEngine & { readonly name: string },
): RunnablePairing {
  const p = pairing(workload, engine);
  if (p.kind === 'refused') throw new CapabilityError(engine.name, workload.name, p.missing);
  return p;
}

/** The result's `workload.mode`: `native` or `emulated: <how>`. */
export function pairingText(p: RunnablePairing): string {
  return p.kind === 'native' ? 'native' : `emulated: ${p.emulation.description}`;
}
