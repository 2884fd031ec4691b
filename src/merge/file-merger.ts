/**
 * What the merge coordinator needs from a structured merger: the entity
 * merge plugs in here, and a strategy without one simply has no merger.
 */
export interface FileMergeInput {
  path: string;
  base: string;
  ours: string;
  theirs: string;
}

export interface FileMergeResult {
  status: 'clean' | 'conflict' | 'refused';
  text: string;
  /** What still conflicts, e.g. entity "method Cart.total", reason "both modified". */
  conflicts: { entity: string; reason: string }[];
  reason?: string;
}

export type FileMerger = (input: FileMergeInput) => Promise<FileMergeResult>;
