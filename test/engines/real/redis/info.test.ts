import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../../../engines/real/redis/info.js';

const INFO = [
  '# Server',
  'redis_version:7.0.15',
  'uptime_in_seconds:12',
  '',
  '# CPU',
  'used_cpu_sys:0.512345',
  '# Keyspace',
  'db0:keys=42,expires=3,avg_ttl=0',
  'db2:keys=1,expires=0,avg_ttl=0',
  '',
].join('\r\n');

describe('INFO parsing', () => {
  it('flattens fields with numbers as numbers and keyspace lines split into fields', () => {
    expect(parseInfo(INFO)).toEqual({
      redis_version: '7.0.15',
      uptime_in_seconds: 12,
      used_cpu_sys: 0.512345,
      db0_keys: 42,
      db0_expires: 3,
      db0_avg_ttl: 0,
      db2_keys: 1,
      db2_expires: 0,
      db2_avg_ttl: 0,
    });
  });

  it('prefixes every name for one node of a cluster', () => {
    expect(parseInfo('uptime_in_seconds:5\r\n', '10.0.0.1:7000/')).toEqual({ '10.0.0.1:7000/uptime_in_seconds': 5 });
  });
});
