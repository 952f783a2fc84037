/**
 * The caches `cachebench http` can put behind the API: every registered engine but `null` (it
 * stores nothing, so an API over it is not an API), plus `none` — no cache, every route to the
 * database.
 */
import { ENGINE_NAMES } from '../../../engines/registry.js';

export const NO_CACHE = 'none';
export const HTTP_ENGINE_NAMES: readonly string[] = [...ENGINE_NAMES.filter((n) => n !== 'null'), NO_CACHE];
