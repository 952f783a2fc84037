import { describe, expect, it } from 'vitest';
import { chartLibraries } from '../../../reports/html/assets.js';
import { version as vegaLiteVersion } from 'vega-lite';

describe('chartLibraries', () => {
  it('reads the UMD builds of vega, vega-lite and vega-embed from node_modules, in load order', () => {
    const libs = chartLibraries();
    expect(libs.map((l) => l.name)).toEqual(['vega', 'vega-lite', 'vega-embed']);
    expect(libs[1]!.version).toBe(vegaLiteVersion);
    for (const lib of libs) {
      expect(lib.source.length).toBeGreaterThan(50_000);
      // UMD: defines a browser global when there is no module system.
      expect(lib.source).toMatch(/globalThis/);
    }
  });
});
