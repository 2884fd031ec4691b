/** Public types of conflict detection between two story branches. */
import type { ConflictStrategy } from '../prd/types.js';

export type { ConflictStrategy };

/** path → content at one revision; null when the file does not exist there. Paths missing from the map are unknown. */
export type FileVersions = Map<string, string | null>;

export type ConflictRule = 'same-entity' | 'delete-modify' | 'reference' | 'both-added' | 'same-file';

export interface DetectedConflict {
  rule: ConflictRule;
  /** Where the conflict is (for 'reference': the file of the changed entity). */
  file: string;
  /** Qualified name of the entity (`Cart.total`), or null for file-level conflicts. */
  entity: string | null;
  /** For 'reference': the file holding the other branch's new code that refers to the entity. */
  otherFile?: string;
  /** For 'reference': the branch that changed the entity (its line range is in `file`, the other's in `otherFile`). */
  changedBy?: 'ours' | 'theirs';
  /** 1-based inclusive line ranges in each branch's version. */
  lines?: { ours?: [number, number]; theirs?: [number, number] };
  message: string;
}

export interface ConflictReport {
  strategy: ConflictStrategy;
  /** The base revision (sha, or a label for in-memory inputs). */
  base: string;
  conflicts: DetectedConflict[];
}

export interface DetectInput {
  strategy: ConflictStrategy;
  base: FileVersions;
  ours: FileVersions;
  theirs: FileVersions;
  /** Paths each branch changed relative to base. */
  changedOurs: string[];
  changedTheirs: string[];
  /** Label for the report (git edge: the base sha). Default 'base'. */
  baseLabel?: string;
  /**
   * The entity merge's policy for an entity both branches changed (MergeOptions.sameEntity): 'conflict' (default)
   * reports it, 'diff3' only when the merge cannot combine the edits.
   */
  sameEntity?: 'conflict' | 'diff3';
}

export type Side = 'ours' | 'theirs';
