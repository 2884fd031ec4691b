/** Public types of the entity-aware three-way merge. */

export type ConflictKind = 'both-modified' | 'modify-delete' | 'delete-modify' | 'both-added' | 'gap' | 'import';

export interface ConflictInfo {
  /** `<kind> <qualified name>`, e.g. "method Cart.total"; for gaps, "gap after function foo". */
  entity: string;
  kind: ConflictKind;
  /** 1-based line of the `<<<<<<<` marker in MergeOutcome.text. */
  startLine: number;
}

export interface MergeLabels {
  ours?: string;
  base?: string;
  theirs?: string;
}

export interface MergeInput {
  base: string;
  ours: string;
  theirs: string;
  /** Used only to pick the grammar (by extension) and in messages. */
  path: string;
  labels?: MergeLabels;
}

export interface MergeOptions {
  /**
   * What to do when both sides changed the same function/method/field differently.
   * 'conflict' (default): always a conflict — two agents editing one function is never merged silently.
   * 'diff3': line diff3 inside the entity; conflict only if that conflicts.
   */
  sameEntity?: 'conflict' | 'diff3';
  /** Inputs larger than this (in UTF-16 code units) are refused. Default 1,000,000. */
  maxSize?: number;
}

export type MergeStatus = 'clean' | 'conflict' | 'refused';

export interface MergeOutcome {
  /**
   * clean: text is the verified merge. conflict: text holds git-style markers, listed in `conflicts`.
   * refused: the entity merge cannot judge this file (no grammar, parse errors, markers in input, ...); text is a
   * line-level diff3 of the inputs for information, and the caller should use `git merge-file` instead.
   */
  status: MergeStatus;
  text: string;
  conflicts: ConflictInfo[];
  reason?: string;
  /** 'line' when the result equals a plain line-level diff3 (or is one, for refusals), 'entity' otherwise. */
  method: 'line' | 'entity';
}

/** A conflict box before rendering: the three versions of one region. Sections end with a newline (or are empty). */
export interface ConflictBox {
  type: 'conflict';
  entity: string;
  kind: ConflictKind;
  ours: string;
  base: string;
  theirs: string;
}

/** Merge output before rendering: plain text and conflict boxes, in order. */
export type Piece = { type: 'text'; text: string } | ConflictBox;

export interface ResolvedLabels {
  ours: string;
  base: string;
  theirs: string;
}
