/**
 * The prd.json model. Field names follow the Ralph prd.json format so existing
 * PRDs load unchanged; `dependsOn` and `targetFiles` are ralph-wt additions.
 */

export interface UserStory {
  id: string;
  title: string;
  description: string;
  acceptanceCriteria: string[];
  /** Lower number = higher priority. */
  priority: number;
  passes: boolean;
  notes?: string;
  /** Ids of stories that must be merged before this one starts. */
  dependsOn?: string[];
  /** Repo-relative globs of the files this story expects to touch. */
  targetFiles?: string[];
}

/** Normalised conflict strategies (ours): Rust vocabulary is mapped onto these. */
export type ConflictStrategy = 'entity' | 'file' | 'none';
/** Normalised inference modes (ours plus `explicit`/`none`). */
export type InferenceMode = 'files' | 'embeddings' | 'hybrid' | 'explicit' | 'none';
/** A concurrency limit: a number (0 = unlimited) or automatic. */
export type MaxConcurrency = number | 'auto';

/** prd.json `parallel` block after vocabulary normalisation. Every key optional. */
export interface ParallelSettings {
  enabled?: boolean;
  maxConcurrency?: MaxConcurrency;
  conflictStrategy?: ConflictStrategy;
  inferenceMode?: InferenceMode;
  similarityThreshold?: number;
  weights?: { files?: number; similarity?: number };
  autoCeiling?: number;
}

export interface Prd {
  project: string;
  branchName: string;
  description: string;
  userStories: UserStory[];
  parallel?: ParallelSettings;
}

/** A loaded PRD plus what is needed to rewrite it faithfully. */
export interface LoadedPrd {
  /** Absolute path of prd.json. */
  path: string;
  prd: Prd;
  /** The parsed JSON exactly as read, so unknown keys survive a rewrite. */
  raw: Record<string, unknown>;
}
