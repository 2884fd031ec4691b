/**
 * The conformance lane (`npm run test:agents`): drives the real agent CLIs,
 * installed by scripts/install-agents.mjs, against fake model APIs on 127.0.0.1.
 * One suite at a time: each agent CLI is a heavy Node process of its own.
 */
import { base } from './jest.config.js';

export default { ...base, roots: ['<rootDir>/test/conformance'], testTimeout: 300000, maxWorkers: 1 };
