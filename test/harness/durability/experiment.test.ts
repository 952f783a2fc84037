/**
 * The durability experiment against real redis-server: appendfsync always keeps every
 * acknowledged write through a SIGKILL, no persistence keeps none, the figures add up, and a
 * stream that ends before the kill is reported as such. Small numbers: a few hundred ms each.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { liveServerCount } from '../../../engines/real/managed/index.js';
import { runDurability, runMode } from '../../../harness/durability/experiment.js';
import { durabilityToMarkdown, durabilityToTable } from '../../../reports/durability.js';
import { DURABILITY_KIND, type DurabilityConfig, type DurabilityResult } from '../../../harness/durability/types.js';
import { decodeHistogram } from '../../../shared/histogram.js';
import { serverAvailable } from '../../support/servers.js';

const base: DurabilityConfig = {
  modes: ['aof-always', 'none'],
  writes: null,
  durationMs: null,
  killAfterMs: 400,
  inFlight: 4,
  valueBytes: 24,
  keyPrefix: 'durability:',
  seed: 42,
  timeoutMs: 5000,
};

describe.runIf(serverAvailable('redis-server'))('durability experiment', () => {
  let result: DurabilityResult;
  afterAll(() => {
    expect(liveServerCount()).toBe(0);
  });

  it('aof-always loses no acknowledged write; none loses every one', async () => {
    result = await runDurability(base);
    expect(result.kind).toBe(DURABILITY_KIND);
    expect(result.schemaVersion).toBe(1);
    expect(result.redisServerVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.config).toEqual(base);
    expect(result.modes.map((m) => m.mode)).toEqual(['aof-always', 'none']);

    const always = result.modes[0]!;
    expect(always.serverConfig).toMatchObject({ persistence: 'aof', appendfsync: 'always' });
    expect(always.acked).toBeGreaterThan(0);
    expect(always.lost).toBe(0);
    expect(always.survived).toBe(always.acked);
    expect(always.lostWindow).toBeNull();
    expect(always.killedMidStream).toBe(true);
    // Everything that survived, and nothing else, is in the restarted database.
    expect(always.keysAfterRestart).toBe(always.survived + always.unackedSurvived);

    const none = result.modes[1]!;
    expect(none.acked).toBeGreaterThan(0);
    expect(none.lost).toBe(none.acked);
    expect(none.survived).toBe(0);
    expect(none.lostFraction).toBe(1);
    expect(none.keysAfterRestart).toBe(0);
    expect(none.lostWindow).not.toBeNull();
    // The lost writes span the stream: the first was acknowledged near its start.
    expect(none.lostWindow!.firstAckBeforeKillMs).toBeGreaterThan(none.lostWindow!.lastAckBeforeKillMs);
    expect(none.lostWindow!.spanMs).toBeCloseTo(none.lostWindow!.firstAckBeforeKillMs - none.lostWindow!.lastAckBeforeKillMs, 6);
  }, 20_000);

  it('the figures add up', () => {
    for (const m of result.modes) {
      expect(m.acked).toBe(m.survived + m.lost);
      expect(m.sent).toBe(m.acked + m.unacked);
      expect(m.unackedSurvived).toBeLessThanOrEqual(m.unacked);
      // One connection with inFlight lanes: at most that many writes were unanswered at the kill.
      expect(m.unacked).toBeLessThanOrEqual(base.inFlight);
      expect(m.latency.count).toBe(m.acked);
      const h = decodeHistogram(m.latency.histogram);
      expect(h.totalCount).toBe(m.acked);
      expect(m.latency.percentiles.p50).toBeLessThanOrEqual(m.latency.percentiles.p99);
      expect(m.writesPerSec).toBeCloseTo((m.acked * 1000) / m.streamMs, 6);
      // Node timers keep whole milliseconds: one may fire a fraction of a ms early.
      expect(m.killActualMs).toBeGreaterThanOrEqual(base.killAfterMs - 1);
      expect(m.restartMs).toBeGreaterThan(0);
    }
  });

  it('prints one row per mode with the acked and lost counts', () => {
    const table = durabilityToTable(result).split('\n');
    expect(table[0]).toMatch(/^mode\s+writes\/s\s+p50\s+p99\s+p99\.9\s+acked\s+lost/);
    for (const m of result.modes) {
      const row = table.find((l) => l.startsWith(m.mode + ' '));
      expect(row).toBeDefined();
      expect(row!.split(/\s{2,}/)).toEqual(expect.arrayContaining([String(m.acked), String(m.lost)]));
    }
    const md = durabilityToMarkdown(result);
    expect(md).toContain(`| none |`);
    expect(md).toContain(` ${result.modes[1]!.acked} | ${result.modes[1]!.lost} | 100% |`);
  });

  it('a write bound that ends the stream before the kill: everything acknowledged, nothing in flight', async () => {
    const { result: m } = await runMode('aof-everysec', { ...base, writes: 300, killAfterMs: 600 });
    expect(m.sent).toBe(300);
    expect(m.acked).toBe(300);
    expect(m.unacked).toBe(0);
    expect(m.killedMidStream).toBe(false);
    expect(m.survived + m.lost).toBe(300);
    expect(m.streamMs).toBeLessThan(m.killActualMs);
  }, 20_000);

  it('rdb snapshots with save 1 1', async () => {
    const { result: m } = await runMode('rdb', { ...base, killAfterMs: 200 });
    expect(m.serverConfig.save).toBe('1 1');
    expect(m.acked).toBe(m.survived + m.lost);
  }, 20_000);
});
