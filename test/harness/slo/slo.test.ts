import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../harness/runner/config.js';
import { checkSlos, parseSlos, sloText } from '../../../harness/slo/slo.js';
import { summaryOfSamples } from '../../fixtures/build-fixture.js';

describe('parseSlos', () => {
  it('reads percentiles and durations in ns, us/µs, ms and s', () => {
    expect(parseSlos('p99<1ms')).toEqual([{ percentile: 'p99', key: 'p99', thresholdNs: 1e6 }]);
    expect(parseSlos('p99 < 200us, p99.9<1.5ms,p50<800ns,p99.99<1s').map((s) => [s.key, s.thresholdNs])).toEqual([
      ['p99', 200e3],
      ['p99_9', 1.5e6],
      ['p50', 800],
      ['p99_99', 1e9],
    ]);
    expect(parseSlos('p90<5µs')[0]!.thresholdNs).toBe(5000);
    expect(sloText(parseSlos('p99.9<200us')[0]!)).toBe('p99.9<200us');
  });

  it('names --slo and the accepted forms on bad input', () => {
    for (const bad of ['', 'p98<1ms', 'p99>1ms', 'p99<1', 'p99<0ms', 'p99<1ms,p99<2ms', 'latency<1ms']) {
      expect(() => parseSlos(bad), bad).toThrow(ConfigError);
    }
    expect(() => parseSlos('p98<1ms')).toThrow(/invalid slo: got "p98<1ms"; expected SLOs like 'p99<1ms'.*p50\|p90\|p99\|p99.9\|p99.99/);
  });
});

describe('checkSlos', () => {
  it('holds strictly below the threshold', () => {
    const latency = summaryOfSamples(Array.from({ length: 1000 }, (_, i) => (i + 1) * 1000));
    const [p50, p99] = checkSlos(parseSlos('p50<2ms,p99<900us'), latency);
    expect(p50).toMatchObject({ met: true });
    expect(p99).toMatchObject({ met: false });
    expect(p99!.valueNs).toBe(latency.percentiles.p99);
  });
});
