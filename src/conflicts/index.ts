export type { ConflictReport, ConflictRule, ConflictStrategy, DetectedConflict, DetectInput, FileVersions } from './types.js';
export { detectConflicts } from './detect.js';
export { detectBranchConflicts } from './branches.js';
export type { BranchConflictOptions } from './branches.js';
export { formatConflictReport } from './format.js';
