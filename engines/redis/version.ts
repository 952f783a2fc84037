/** The version the redis-style engine reports: the Redis release whose semantics it follows. */
export const ENGINE_VERSION = '7.0.15-cachebench';
