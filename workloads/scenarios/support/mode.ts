/**
 * Native or emulated: a scenario runs natively when the engine has every capability it needs,
 * runs its emulation for the engine's family when it has one, and is refused otherwise with a
 * `CapabilityError` naming what is missing. Decided once in `create`, never per operation.
 */
import { CapabilityError } from '../../../engines/types.js';
import type { Emulation, WorkloadContext, WorkloadFactory } from '../../types.js';

export type ScenarioMode = { readonly native: true } | { readonly native: false; readonly emulation: Emulation };

export function chooseMode(factory: Pick<WorkloadFactory, 'name' | 'needs' | 'emulations'>, ctx: WorkloadContext): ScenarioMode {
  const missing = factory.needs.filter((c) => !ctx.capabilities.has(c));
  if (missing.length === 0) return { native: true };
  const emulation = factory.emulations?.find((e) => e.family === ctx.family);
  if (emulation) return { native: false, emulation };
  throw new CapabilityError(`${ctx.family}-family engine`, factory.name, missing);
}
