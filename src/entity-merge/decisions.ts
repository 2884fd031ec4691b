/**
 * The merge analysis as data: what each side did to every entity, and what the merge decided for it. The merge
 * renders these decisions; conflict detection (src/conflicts) reports them. Neither re-derives the other.
 */
import type { Entity } from '../analysis/types.js';
import type { ConflictKind } from './types.js';

/** What one side did to an entity, relative to base. */
export type SideChange = 'unchanged' | 'modified' | 'added' | 'deleted' | 'absent';

/**
 * - unchanged: nobody touched it; same-change: both made the identical change;
 * - taken-ours / taken-theirs: only that side changed (or added) it, its version wins;
 * - dropped: deleted by one side (the other left it as it was) or by both;
 * - merged-inside: both changed it and the changes combined (member by member, on the syntax tree, by diff3 inside
 *   the entity, or as import specifier sets);
 * - both-added: both added it with identical text (one copy);
 * - conflict: see `reason`.
 */
export type DecisionKind = 'unchanged' | 'same-change' | 'taken-ours' | 'taken-theirs' | 'dropped' | 'merged-inside' | 'both-added' | 'conflict';

/**
 * How a merged-inside entity was combined. `contained`: both sides added it, and one side's version holds the
 * other's lines in order, with more: that side's version, byte for byte (nothing of two authors is combined).
 */
export type MergedVia = 'members' | 'tree' | 'diff3' | 'imports' | 'contained';

/** Why an entity conflicts (gap conflicts are scope-level, see GapConflict). */
export type ConflictReason = Exclude<ConflictKind, 'gap'>;

/** 1-based inclusive line range in one version (the prepared text: same line numbers as the input). */
export type LineRange = [number, number];

export interface EntityDecision {
  key: string;
  /** `<kind> <qualified name>` as conflict markers name it, e.g. "method Cart.total". */
  label: string;
  kind: Entity['kind'];
  /** Qualified name (`Cart.total`, `P::a`). */
  name: string;
  change: { ours: SideChange; theirs: SideChange };
  decision: DecisionKind;
  via?: MergedVia;
  reason?: ConflictReason;
  lines: { base?: LineRange; ours?: LineRange; theirs?: LineRange };
  /** A container merged member by member: the decisions inside it (conflicts there make this one a conflict). */
  members?: ScopeDecisions;
}

/** A stretch of a scope's layout (text between entities, or entity positions) both sides changed differently. */
export interface GapConflict {
  /** "gap after function foo", "start of file", or the entities of a layout conflict ("field a, field b"). */
  label: string;
  /** Keys of the entities inside the conflicting stretch. */
  keys: string[];
}

export interface ScopeDecisions {
  entities: EntityDecision[];
  gaps: GapConflict[];
}
