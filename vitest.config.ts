import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Servers and worker threads make some tests slow; none should take a minute.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Benchmark-ish tests are sensitive to CPU contention on a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
