export type { FileAnalysis, IdentifierUse, SourceFile } from './types.js';
export { extractMany, POOL_MIN_FILES, shouldUsePool } from './extract-many.js';
export type { ExtractManyOptions } from './extract-many.js';
export { closeExtractPool } from './pool.js';
export { analyseFile } from './analyse-file.js';
