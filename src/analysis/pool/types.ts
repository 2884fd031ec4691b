/** Data that crosses the worker boundary: plain objects only (structured-clone safe, no tree-sitter nodes). */
import type { ExtractResult, LanguageId } from '../types.js';

export interface SourceFile {
  path: string;
  source: string;
}

/** One identifier that refers to something (declaration names excluded), with its 1-based line. */
export interface IdentifierUse {
  name: string;
  line: number;
}

/** The extraction result of one file plus the identifiers it uses, from a single parse. */
export interface FileAnalysis extends ExtractResult {
  lang: LanguageId;
  identifiers: IdentifierUse[];
}

/** One pool task: a batch of files (batching amortises the message round trip). */
export interface WorkerTask {
  files: SourceFile[];
}

export type WorkerResult = Array<[string, FileAnalysis]>;
