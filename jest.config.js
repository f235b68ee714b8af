/** Tests run the TypeScript sources through SWC (type checking is `npm run build`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 60000,
  // Real processes and databases: keep the machine's 2 cores for them, not for jest workers.
  maxWorkers: 2,
  // Heavy suites first, the latency-judging scenario runs after them (see the file for why).
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
};
