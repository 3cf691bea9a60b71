import { defineConfig } from 'vitest/config';

// One run covers every package: unit tests beside the code (src/**), integration tests
// against the real local stack in each package's test/ folder.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'services/*/src/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'infra/test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time whatever the core count (vitest's default is one fewer than the cores,
    // a single file on a 2-core machine): the integration tests mostly wait on the servers, and
    // each owns its topics, groups, key prefixes and private servers, so they do not meet.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
