/**
 * Managed servers: redis-server and memcached started from PATH on free loopback ports with
 * temp data directories, waited for, and stopped again — also when this process exits,
 * crashes or gets Ctrl-C. The public face of this folder; tests and engines import from here.
 */
export type { ManagedServer, ManagedKind } from './managed-server.js';
export {
  startRedisServer,
  REDIS_PERSISTENCE_MODES,
  REDIS_APPENDFSYNC_MODES,
  type RedisServerOptions,
  type RedisPersistence,
  type RedisAppendFsync,
} from './redis-server.js';
export { startMemcached, type MemcachedOptions } from './memcached.js';
export { startRedisCluster, MIN_CLUSTER_MASTERS, MAX_CLUSTER_MASTERS, type ManagedCluster } from './redis-cluster.js';
export { findBinary, requireBinary, missingBinaryMessage, DEBIAN_PACKAGE, type ServerBinary } from './binaries.js';
export { freeLoopbackPort } from './free-port.js';
export { liveServerCount } from './live-servers.js';
export { checkedCpus, cpuAffinityOf, CPUS_OPTION, cpuListAllowed, cpusBeforeSelfPin, parseCpuList, pinProcess, pinSelf } from './cpu-affinity.js';
