/** The engines `cachebench micro` measures: the in-process, synchronous ones (a light module, so `--help` loads nothing else). */
export const MICRO_ENGINES = ['redis-style', 'memcached-style'] as const;
