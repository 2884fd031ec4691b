/**
 * Tests are TypeScript, transformed by @swc/jest and run as native ESM.
 * This is the fast lane (`npm test`): unit and integration tests. The slow
 * end-to-end and fault-injection suites (`test/e2e`) and the corpus
 * measurements (`*.slow.test.ts` beside the code they measure) run as
 * `npm run test:e2e`; the
 * the conformance suite that drives the real agent CLIs (`test/conformance`,
 * `npm run test:agents`) have configs of their own that extend this one.
 */
export const base = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // Integration tests drive the built CLI with real git: a loaded 2-core machine makes them slow, never wrong.
  testTimeout: 120000,
  maxWorkers: 2,
};

export default {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/conformance/', '\\.slow\\.test\\.ts$'],
};
