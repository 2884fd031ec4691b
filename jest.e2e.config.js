/**
 * The slow lane (`npm run test:e2e`): end-to-end runs, fault injection,
 * kill-and-resume soaks, and the corpus measurements (`*.slow.test.ts`).
 */
import { base } from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test'], testMatch: ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/test/**/*.slow.test.ts'], testTimeout: 300000 };
