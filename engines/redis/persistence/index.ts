/**
 * Persistence for the redis-style engine in Redis's own formats — the public face of this
 * folder: `withPersistence` (the wrapped engine), and the RDB/AOF pieces for tools and tests.
 */
export { withPersistence, validatePersistenceOptions, type PersistenceOptions, type PersistentEngine, type PersistenceStatus } from './persistent-engine.js';
export { encodeRdb, saveRdb, type RdbWriteOptions } from './rdb-writer.js';
export { readRdb, readRdbFile, applyRdb, loadRdb, type RdbContents } from './rdb-reader.js';
export { AofWriter, encodeAofRewrite, loadAof, parseAofManifest, type AofLoadResult, type AofLoadOptions } from './aof.js';
export { AOF_DIR_NAME, loadAofDirectory, openAofLayout, type AofLayout } from './aof-layout.js';
export { FSYNC_POLICIES, type FsyncPolicy } from './io.js';
export { crc64 } from './crc64.js';
export { splitPersistenceOptions, persistenceOptionsFor, PERSISTENCE_MODES, PERSISTENCE_OPTION_NAMES, type PersistenceChoice, type PersistenceMode } from './engine-options.js';
