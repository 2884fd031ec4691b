/**
 * Rule (b): one branch changes the contract of an entity or deletes it while the other branch's *new* code (lines
 * it added or rewrote, in any file) refers to that entity by name. Matching is by name within the grammar's
 * identifiers (no type resolution), so a common method name can match an unrelated entity: that is the price of
 * catching cross-file breakage without a compiler. What counts as a contract change is contract.ts's call.
 */
import type { Entity } from '../analysis/types.js';
import type { FileAnalysis } from '../analysis/pool/types.js';
import { contractChanged } from './contract.js';
import { entityChanges } from './entity-changes.js';
import type { DetectedConflict, Side } from './types.js';
import { newUses, oldUses } from './uses.js';
import type { OldUse } from './uses.js';
import type { VersionedFiles } from './versions.js';

export type AnalysisLookup = (version: 'base' | Side, path: string) => FileAnalysis | null;

interface ChangedEntity {
  path: string;
  entity: Entity;
  status: 'modified' | 'deleted';
}

/** Did the branch rewrite or remove a use of the entity outside the entity itself (a recursive call is no caller)? */
function usesRewritten(old: ReadonlyMap<string, OldUse[]>, path: string, entity: Entity): boolean {
  const own = (use: OldUse): boolean => use.path === path && use.line >= entity.startLine && use.line <= entity.endLine;
  return entity.name.split(',').some((name) => (old.get(name) ?? []).some((use) => !own(use)));
}

function changedEntities(files: VersionedFiles, analysis: AnalysisLookup, side: Side): ChangedEntity[] {
  // Diffing every changed file for old uses is only needed once a body-only edit is met.
  let old: Map<string, OldUse[]> | null = null;
  const rewritten = (path: string, entity: Entity): boolean => usesRewritten((old ??= oldUses(files, analysis, side)), path, entity);
  const out: ChangedEntity[] = [];
  for (const path of files.changedBy(side)) {
    const base = analysis('base', path);
    if (!base) continue;
    for (const change of entityChanges(base, analysis(side, path)).values()) {
      if (change.status === 'added' || !change.base) continue;
      const before = change.base;
      if (change.status === 'modified' && change.side && !contractChanged(before, change.side, () => rewritten(path, before))) continue;
      out.push({ path, entity: change.side ?? change.base, status: change.status });
    }
  }
  return out;
}

function inside(entity: Entity, lines: number[]): boolean {
  return lines.every((l) => l >= entity.startLine && l <= entity.endLine);
}

/**
 * Conflicts where `changer` changed what `user`'s new code refers to. `skip` holds `path\u0000qualifiedName` of
 * entities already reported by rule (a), which covers edits of the entity itself.
 */
export function referenceConflicts(files: VersionedFiles, analysis: AnalysisLookup, changer: Side, skip: ReadonlySet<string>): DetectedConflict[] {
  const user: Side = changer === 'ours' ? 'theirs' : 'ours';
  const uses = newUses(files, analysis, user);
  const out: DetectedConflict[] = [];
  for (const changed of changedEntities(files, analysis, changer)) {
    const { entity, path } = changed;
    if (skip.has(`${path}\u0000${entity.qualifiedName}`)) continue;
    // A TS declaration like `const a = 1, b = 2` is one entity named "a,b".
    const names = entity.name.split(',');
    for (const name of names) {
      for (const use of uses.get(name) ?? []) {
        // The other branch editing inside the same entity is rule (a)'s business.
        const own = use.path === path ? analysis(user, path) : null;
        const mine = own ? entityAt(own, entity.key) : undefined;
        if (mine && inside(mine, use.lines)) continue;
        const first = Math.min(...use.lines);
        const last = Math.max(...use.lines);
        const verb = changed.status === 'deleted' ? 'deletes' : 'changes';
        out.push({
          rule: 'reference',
          file: path,
          entity: entity.qualifiedName,
          otherFile: use.path,
          changedBy: changer,
          lines: { [changer]: [entity.startLine, entity.endLine], [user]: [first, last] },
          message: `${changer} ${verb} ${entity.kind} ${entity.qualifiedName} (${path}) while new code in ${user} refers to ${name} at ${use.path}:${first}`,
        });
      }
    }
  }
  return out;
}

function entityAt(result: FileAnalysis, key: string): Entity | undefined {
  const walk = (list: readonly Entity[]): Entity | undefined => {
    for (const e of list) {
      if (e.key === key) return e;
      const found = walk(e.children);
      if (found) return found;
    }
    return undefined;
  };
  return walk(result.entities);
}
