import { defineConfig } from 'vitest/config';

// The compose pass's checks (compose.e2e.ts): run by pass.mjs against the stack it started, in file order (the last
// check takes the stack down).
export default defineConfig({
  root: import.meta.dirname,
  test: {
    environment: 'node',
    include: ['*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
