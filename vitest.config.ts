import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs Chromium if needed and finds or starts PostgreSQL; tests get its URL with inject('pgUrl').
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files run in parallel; each opens its own database (test/support/databases.ts). Two workers even on two cores:
    // much of a browser or PostgreSQL test is waiting, and the suite took 865 s with one worker, 579 s with two.
    fileParallelism: true,
    maxWorkers: 2,
    // A stray `.only` fails the run instead of silently skipping the rest.
    allowOnly: false,
  },
});
