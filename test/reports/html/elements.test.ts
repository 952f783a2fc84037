import { describe, expect, it } from 'vitest';
import { flattenRecord, recordToText, redactUrlPasswords, valueToText } from '../../../reports/html/elements.js';

describe('values from options, parameters and facts', () => {
  it('never shows a password written into a URL', () => {
    expect(redactUrlPasswords('redis://default:s3cret@127.0.0.1:6379/0')).toBe('redis://default:***@127.0.0.1:6379/0');
    expect(redactUrlPasswords('postgres://app:p%40ss@db/app and memcached://127.0.0.1:11211')).toBe('postgres://app:***@db/app and memcached://127.0.0.1:11211');
    expect(recordToText({ db: 'postgres://u:pw@h/db', keys: 10 })).toBe('db=postgres://u:***@h/db keys=10');
    expect(valueToText({ url: 'rediss://:pw@host' })).toBe('{"url":"rediss://:***@host"}');
  });
  it('flattens nested machine facts into dotted names, numbers in their named unit', () => {
    expect(flattenRecord({ node: 'v20', cpu: { model: 'x', count: 2 }, memoryBytes: 1024 })).toEqual([
      ['node', 'v20'],
      ['cpu.model', 'x'],
      ['cpu.count', '2'],
      ['memoryBytes', '1 KiB'],
    ]);
  });
});

describe('check outcomes', () => {
  it('shows a check that judged nothing as "not judged", never as a pass', async () => {
    const { checkOutcomeBadge, checkJudgedNothing } = await import('../../../reports/html/elements.js');
    expect(checkJudgedNothing({ passed: true, detail: '0 sessions checked' })).toBe(true);
    expect(checkJudgedNothing({ passed: true, detail: '10 sessions checked' })).toBe(false);
    expect(checkJudgedNothing({ passed: false, detail: '0 of 0 wrong' })).toBe(false);
    expect(checkOutcomeBadge({ passed: true, detail: '0 views' }).html).toContain('not judged');
    expect(checkOutcomeBadge({ passed: true, detail: '12 views' }).html).toContain('pass');
  });
});
