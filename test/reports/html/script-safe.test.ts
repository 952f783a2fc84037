import { describe, expect, it } from 'vitest';
import { jsonForScript, scriptSourceForInline } from '../../../reports/html/script-safe.js';

describe('jsonForScript', () => {
  it('cannot end its script element or open a comment, and parses back to the same value', () => {
    const value = { label: '</script><script>alert(1)</script>', note: '<!-- x -->', amp: 'a&b', sep: 'a\u2028b\u2029c' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<!--');
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('scriptSourceForInline', () => {
  it('rewrites closing tags and comment openers in literals to escapes that mean the same', () => {
    const source = `var a = "</script>"; var b = '<!--'; var c = /<\\/SCRIPT>/i;`;
    const safe = scriptSourceForInline(source);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    const run = new Function(`${safe}; return [a, b, c.test('</script>')];`) as () => unknown[];
    expect(run()).toEqual(['</script>', '<!--', true]);
  });
});
