/**
 * Rule (b): one branch changes or deletes an entity while the other branch's *new* code (lines it added or
 * rewrote, in any file) refers to that entity by name. Matching is by name within the grammar's identifiers
 * (no type resolution), so a common method name can match an unrelated entity: that is the price of catching
 * cross-file breakage without a compiler.
 */
import type { Entity } from '../analysis/types.js';
import type { FileAnalysis } from '../analysis/pool/types.js';
import { entityChanges, ownText } from './entity-changes.js';
import { newLines } from './new-lines.js';
import type { DetectedConflict, Side } from './types.js';
import type { VersionedFiles } from './versions.js';

export type AnalysisLookup = (version: 'base' | Side, path: string) => FileAnalysis | null;

interface ChangedEntity {
  path: string;
  entity: Entity;
  status: 'modified' | 'deleted';
}

interface NewUse {
  path: string;
  lines: number[];
}

function changedEntities(files: VersionedFiles, analysis: AnalysisLookup, side: Side): ChangedEntity[] {
  const out: ChangedEntity[] = [];
  for (const path of files.changedBy(side)) {
    const base = analysis('base', path);
    if (!base) continue;
    for (const change of entityChanges(base, analysis(side, path)).values()) {
      if (change.status === 'added' || !change.base) continue;
      if (change.status === 'modified' && change.side && !contractChanged(change.base, change.side)) continue;
      out.push({ path, entity: change.side ?? change.base, status: change.status });
    }
  }
  return out;
}

/** name → where the branch's new lines use it. Uses inside import statements are skipped: adding an import is not a call. */
function newUses(files: VersionedFiles, analysis: AnalysisLookup, side: Side): Map<string, NewUse[]> {
  const out = new Map<string, NewUse[]>();
  for (const path of files.changedBy(side)) {
    const text = files.content(side, path);
    const result = analysis(side, path);
    if (text === null || !result) continue;
    const fresh = newLines(files.content('base', path), text);
    const importLines = new Set<number>();
    for (const e of result.entities) if (e.family === 'import') for (let l = e.startLine; l <= e.endLine; l++) importLines.add(l);
    const byName = new Map<string, number[]>();
    for (const use of result.identifiers) {
      if (!fresh.has(use.line) || importLines.has(use.line)) continue;
      const list = byName.get(use.name) ?? [];
      list.push(use.line);
      byName.set(use.name, list);
    }
    for (const [name, lines] of byName) {
      const list = out.get(name) ?? [];
      list.push({ path, lines });
      out.set(name, list);
    }
  }
  return out;
}

/**
 * Container kinds whose member list is part of what users depend on: a new interface/struct field breaks object
 * and struct literals, a new trait method breaks implementations. Adding a method to a class or impl breaks nobody.
 */
const SHAPE_KINDS = new Set(['interface', 'struct', 'trait', 'enum']);

function normalised(text: string): string {
  return text.replace(/\u0000/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Did the edit change something another branch's code could depend on? Formatting-only edits don't (same
 * whitespace-normalised hash). For containers, member edits are the members' own changes; the container
 * itself counts when its header or other own text changes, or when a shape kind gains or loses members.
 */
function contractChanged(base: Entity, side: Entity): boolean {
  if (!base.container || !side.container) return base.hash !== side.hash;
  if (normalised(ownText(base)) !== normalised(ownText(side))) return true;
  if (!SHAPE_KINDS.has(base.kind)) return false;
  const keys = (e: Entity): string => e.children.map((c) => c.key).sort().join('\n');
  return keys(base) !== keys(side);
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
