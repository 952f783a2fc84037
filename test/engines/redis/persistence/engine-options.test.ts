/**
 * The redis-style persistence options as the harness passes them: split from the engine's own
 * options (which `resolveConfig` then accepts), checked with errors naming the field and the
 * allowed values, and turned into a working `withPersistence` (scratch dir removed on close,
 * or a given dir that a restart loads from).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../engines/redis/config.js';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { persistenceOptionsFor, splitPersistenceOptions } from '../../../../engines/redis/persistence/engine-options.js';
import { withPersistence } from '../../../../engines/redis/persistence/persistent-engine.js';

function build(options: Record<string, unknown>) {
  const { engineOptions, persistence } = splitPersistenceOptions(options);
  const engine = new RedisStyleEngine(resolveConfig(engineOptions));
  return persistence === null ? engine : withPersistence(engine, persistenceOptionsFor(persistence));
}

describe('redis-style persistence options', () => {
  it('splits persistence options from engine options', () => {
    expect(splitPersistenceOptions({ hz: 10, persistence: 'aof', appendfsync: 'always' })).toEqual({
      engineOptions: { hz: 10 },
      persistence: { mode: 'aof-always', appendfsync: 'always' },
    });
    expect(splitPersistenceOptions({ persistence: 'rdb+aof', 'save-every-sec': '60', dir: '/x' }).persistence).toEqual({
      mode: 'rdb+aof-everysec',
      appendfsync: 'everysec',
      saveEverySec: 60,
      dir: '/x',
    });
    // The shared vocabulary (engines/persistence-mode.ts): canonical names and the old aliases agree.
    expect(splitPersistenceOptions({ persistence: 'aof-no' }).persistence).toEqual({ mode: 'aof-no', appendfsync: 'no' });
    expect(splitPersistenceOptions({ persistence: 'rdb+aof-always' }).persistence).toEqual({ mode: 'rdb+aof-always', appendfsync: 'always' });
    expect(splitPersistenceOptions({ maxmemory: '64mb' })).toEqual({ engineOptions: { maxmemory: '64mb' }, persistence: null });
  });

  it('rejects bad values naming the option and what is allowed', () => {
    expect(() => splitPersistenceOptions({ persistence: 'disk' })).toThrow("'persistence': 'disk' is not one of none, rdb, aof-no, aof-everysec, aof-always, rdb+aof-no, rdb+aof-everysec, rdb+aof-always");
    expect(() => splitPersistenceOptions({ persistence: 'aof-always', appendfsync: 'no' })).toThrow(/'appendfsync': 'no' contradicts persistence 'aof-always'/);
    expect(() => splitPersistenceOptions({ persistence: 'aof', appendfsync: 'sometimes' })).toThrow("'appendfsync': 'sometimes' is not one of always, everysec, no");
    expect(() => splitPersistenceOptions({ persistence: 'rdb', appendfsync: 'always' })).toThrow(/only applies with an AOF/);
    expect(() => splitPersistenceOptions({ persistence: 'aof', 'save-every-sec': 5 })).toThrow(/only applies with persistence rdb/);
    expect(() => splitPersistenceOptions({ persistence: 'rdb', 'save-every-sec': '-1' })).toThrow(/'save-every-sec': must be a number of seconds > 0/);
    expect(() => splitPersistenceOptions({ dir: '/tmp/x' })).toThrow(/'dir': only applies with persistence/);
  });

  it('without a dir: a scratch directory that starts empty and is removed on close', () => {
    const engine = build({ persistence: 'rdb+aof', appendfsync: 'no' });
    expect(engine.info.capabilities.has('persistence')).toBe(true);
    engine.kv.set('a', '1');
    const dir = path.dirname((engine as ReturnType<typeof withPersistence>).persistence.aofFile!);
    expect(fs.readFileSync(path.join(dir, 'appendonly.aof'), 'latin1')).toContain('SET');
    void engine.close();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('with a dir: a restart loads what the last run left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-opts-'));
    try {
      const first = build({ persistence: 'aof', appendfsync: 'always', dir });
      first.kv.set('kept', 'yes');
      void first.close();
      const second = build({ persistence: 'aof', dir });
      expect(second.kv.get('kept')).toBe('yes');
      void second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
