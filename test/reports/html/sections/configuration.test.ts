import { describe, expect, it } from 'vitest';
import { configurationSection } from '../../../../reports/html/sections/configuration.js';
import { standardFixtures } from '../../../fixtures/build-fixture.js';

describe('configurationSection', () => {
  const [a, b] = standardFixtures();

  it('shows one environment column when every run shared the machine and tool', () => {
    const html = configurationSection([a!, b!], ['a', 'b']).html;
    expect(html).toContain('<th>value</th>');
    expect(html).toContain('<td>results</td><td>a, b</td>');
    expect(html).not.toContain('environment 2');
  });

  it('gives each distinct environment its own column, naming the runs it covers', () => {
    const other = { ...b!, env: { ...b!.env, hostname: 'ci-runner-7', cpu: { ...b!.env.cpu, count: 8 } }, tool: { ...b!.tool, gitCommit: null, gitDirty: null } };
    const html = configurationSection([a!, other], ['a', 'b']).html;
    expect(html).toContain('<th>environment 1</th><th>environment 2</th>');
    expect(html).toContain('<td>ci-runner-7</td>');
    expect(html).toContain('× 8');
    expect(html).toContain('not a git checkout');
    expect(html).toContain('<td>results</td><td>a</td><td>b</td>');
  });

  it('records each run’s seed and load settings', () => {
    const html = configurationSection([a!], ['a']).html;
    expect(html).toContain(`<td class="num">${a!.config.seed}</td>`);
    expect(html).toContain('<code>ratio=1:10 keys=10000</code>');
  });
});
