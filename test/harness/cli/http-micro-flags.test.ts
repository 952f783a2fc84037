/** Bad input to `cachebench http` and `cachebench micro` exits 2 naming the flag and what is allowed, before anything starts. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

describe('cachebench http and micro flags', () => {
  it.each([
    [['http', '--route', 'nope'], /invalid --route: got 'nope'; expected a comma-separated list of users, user-update, login/],
    [['http', '--route', 'users:0'], /invalid --route: weight of 'users' must be an integer from 1 to 1000/],
    [['http', '-e', 'none', '--route', 'events'], /'events' needs a cache \(pubsub\); engine none has none/],
    [['http', '-e', 'memcached-style', '--route', 'events'], /'events' needs pubsub, which engine memcached-style does not have/],
    [['http', '-e', 'null'], /invalid --engine: got 'null'; expected one of .*none/],
    [['http', '-p', 'rows=5'], /rows.*must be an integer from 10 to 1000000/],
    [['http', '-c', '0'], /--connections/],
    [['http', '-e', 'redis-style', '--url', 'redis://127.0.0.1:1'], /--url and --client apply to real servers/],
    [['micro', '-e', 'redis-server'], /invalid --engine: got 'redis-server'; expected one of redis-style, memcached-style/],
    [['micro', '--batch', '0'], /--batch/],
  ])('%j', (args, message) => {
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
