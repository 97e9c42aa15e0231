import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One test CA for the run, trusted through NODE_EXTRA_CA_CERTS (read by Node only at process start, so
    // workers must be forked processes that inherit it, not threads).
    globalSetup: ['test/setup/global-setup.ts'],
    pool: 'forks',
    // Integration and e2e tests start HTTPS servers and child processes; two workers match the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    unstubEnvs: true,
    restoreMocks: true,
  },
});
