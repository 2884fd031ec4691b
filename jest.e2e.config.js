/** The slow lane (`npm run test:e2e`): end-to-end runs, fault injection, kill-and-resume soaks. */
import { base } from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/e2e'], testTimeout: 300000 };
