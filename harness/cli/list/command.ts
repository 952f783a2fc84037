/** `cachebench list`: engines, workloads with their parameters, and which pairings exist. */
import type { CommandModule } from 'yargs';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'list engines, workloads (with parameters) and which engine × workload pairings exist',
  handler: async () => {
    const { renderPairings } = await import('./pairings.js');
    process.stdout.write(renderPairings());
  },
};
