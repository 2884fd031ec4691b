/**
 * Analyse one scope (the file, or the body of a container changed on both sides):
 *  1. match entities into triples, resolve each (resolve.ts) and record the decision (decide.ts);
 *  2. diff3 the three layouts (gap lines + one placeholder per entity) to merge gaps and positions;
 *  3. settle layout conflicts made only of entity moves as sets (regions.ts), report the others as gap conflicts;
 *  4. drop a second copy of an entity both sides added at different places, check every resolved entity is placed
 *     exactly once, and substitute placeholders by their resolutions.
 * The result is the scope's decisions and its plan: the pieces the renderer turns into text, in order.
 */
import type { Entity } from '../analysis/types.js';
import { pairAnonymous } from './anonymous.js';
import { decide } from './decide.js';
import type { EntityDecision, GapConflict, ScopeDecisions } from './decisions.js';
import { disambiguateImports } from './import-keys.js';
import { entityLabel } from './labels.js';
import { diff3Regions } from './line-merge.js';
import { isBlankLine } from './lines.js';
import { parsePlaceholder, skeleton } from './layout.js';
import type { ScopeVersion } from './layout.js';
import { matchScope } from './match.js';
import type { Triple } from './match.js';
import { mergeRegion } from './regions.js';
import { resolveTriple } from './resolve.js';
import { indexSeparators } from './separators.js';
import type { Resolution } from './resolve.js';
import type { ConflictBox, Piece } from './types.js';
import { entityHasStatementBody, mergeEntityOnTree } from './tree/entity-merge.js';
import type { VersionTrees } from './tree/entity-merge.js';

export interface ScopeMergeOptions {
  sameEntity: 'conflict' | 'diff3';
  /** The three versions' syntax trees, for merging below the entity level (absent: entity level only). */
  trees?: VersionTrees;
}

export class MergeInvariantError extends Error {}

export interface ScopeVersions {
  base: ScopeVersion;
  ours: ScopeVersion;
  theirs: ScopeVersion;
  /** "file" at top level, the container's label inside one (for gap conflict names). */
  label: string;
}

type Item = { token: string } | { box: ConflictBox; keys: string[] };

export interface ScopeAnalysis {
  decisions: ScopeDecisions;
  /** The scope's merged layout: text and conflict boxes, in order (placeholders already substituted). */
  pieces: Piece[];
}

function containerScope(e: Entity): ScopeVersion {
  return { text: e.text, entities: e.children, offset: e.startByte };
}

function byKey(entities: readonly Entity[]): Map<string, Entity> {
  return new Map(entities.map((e) => [e.key, e]));
}

/** Text of a token list as one version saw it (placeholders replaced by that version's entity text). */
function sideText(tokens: readonly string[], entities: Map<string, Entity>): string {
  return tokens
    .map((t) => {
      const ph = parsePlaceholder(t);
      return ph ? (entities.get(ph.key)?.text ?? '') : t;
    })
    .join('');
}

export function analyseScope(input: ScopeVersions, options: ScopeMergeOptions): ScopeAnalysis {
  const [baseEntities, oursEntities, theirsEntities] = pairAnonymous(...disambiguateImports(input.base.entities, input.ours.entities, input.theirs.entities));
  const v: ScopeVersions = {
    base: { ...input.base, entities: baseEntities },
    ours: { ...input.ours, entities: oursEntities },
    theirs: { ...input.theirs, entities: theirsEntities },
    label: input.label,
  };
  const triples = matchScope(v.base.entities, v.ours.entities, v.theirs.entities);
  const resolutions = new Map<string, Resolution>();
  const tripleOf = new Map<string, Triple>();
  const flags = { ours: new Set<string>(), theirs: new Set<string>() };
  const entityDecisions: EntityDecision[] = [];
  for (const triple of triples) {
    let members: ScopeDecisions | undefined;
    const resolution = resolveTriple(triple, {
      sameEntity: options.sameEntity,
      mergeContainer: (t) => {
        const inner = analyseScope(
          { base: containerScope(t.base), ours: containerScope(t.ours), theirs: containerScope(t.theirs), label: entityLabel(t.ours) },
          options,
        );
        members = inner.decisions;
        return inner.pieces;
      },
      mergeOnTree: (t) => (options.trees ? mergeEntityOnTree(t.base, t.ours, t.theirs, options.trees, options.sameEntity === 'diff3') : null),
      hasStatementBody: (t) => (options.trees ? entityHasStatementBody(t.base, t.ours, t.theirs, options.trees) : true),
    });
    entityDecisions.push(decide(triple, resolution, members));
    resolutions.set(triple.key, resolution);
    tripleOf.set(triple.key, triple);
    if (resolution.type === 'conflict' && resolution.flag) flags[resolution.flag].add(triple.key);
  }
  const isOrdered = (key: string): boolean => {
    const t = tripleOf.get(key);
    return Boolean(t?.ours?.ordered || t?.theirs?.ordered || t?.base?.ordered);
  };
  const versions = { base: byKey(v.base.entities), ours: byKey(v.ours.entities), theirs: byKey(v.theirs.entities) };

  const oursTokens = skeleton(v.ours, flags.ours);
  const baseTokens = skeleton(v.base, new Set());
  const theirsTokens = skeleton(v.theirs, flags.theirs);
  const separators = indexSeparators([oursTokens, theirsTokens, baseTokens]);
  const items: Item[] = [];
  const gaps: GapConflict[] = [];
  for (const region of diff3Regions(oursTokens, baseTokens, theirsTokens, { adjacent: 'merge' })) {
    if ('ok' in region) {
      for (const token of region.ok) items.push({ token });
      continue;
    }
    const { ours, base, theirs } = region.conflict;
    const merged = mergeRegion(ours, base, theirs, isOrdered, separators) ?? overBlankLines(ours, base, theirs);
    if (merged) {
      for (const token of merged) items.push({ token });
      continue;
    }
    const keys = [...ours, ...base, ...theirs].map((t) => parsePlaceholder(t)?.key).filter((k): k is string => k !== undefined);
    const label = [...ours, ...base, ...theirs].every((t) => parsePlaceholder(t) || isBlankLine(t))
      ? regionLabel(keys, items, tripleOf, v.label)
      : gapLabel(items, tripleOf, v.label);
    gaps.push({ label, keys: [...new Set(keys)] });
    items.push({
      box: { type: 'conflict', entity: label, kind: 'gap', ours: sideText(ours, versions.ours), base: sideText(base, versions.base), theirs: sideText(theirs, versions.theirs) },
      keys,
    });
  }
  return { decisions: { entities: entityDecisions, gaps }, pieces: substitute(dropSecondCopies(items), resolutions) };
}

/**
 * One side of a layout conflict only added or removed blank lines (layout): the other side's text. The blank-line
 * edit alone is lost, as a formatter's is where the other side re-wrote the lines around it.
 */
function overBlankLines(ours: readonly string[], base: readonly string[], theirs: readonly string[]): string[] | null {
  const content = (lines: readonly string[]): string => lines.filter((l) => !isBlankLine(l)).join('');
  const b = content(base);
  if (content(theirs) === b) return [...ours];
  if (content(ours) === b) return [...theirs];
  return null;
}

/** A layout conflict made only of entities (e.g. two fields added at one place) is named after them. */
function regionLabel(keys: readonly string[], items: readonly Item[], tripleOf: Map<string, Triple>, scopeLabel: string): string {
  const labels = [...new Set(keys)].map((k) => {
    const t = tripleOf.get(k);
    const e = t?.ours ?? t?.theirs ?? t?.base;
    return e ? entityLabel(e) : k;
  });
  return labels.length > 0 ? labels.join(', ') : gapLabel(items, tripleOf, scopeLabel);
}

function gapLabel(items: readonly Item[], tripleOf: Map<string, Triple>, scopeLabel: string): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!item || !('token' in item)) continue;
    const ph = parsePlaceholder(item.token);
    const t = ph ? tripleOf.get(ph.key) : undefined;
    const e = t?.ours ?? t?.theirs ?? t?.base;
    if (e) return `gap after ${entityLabel(e)}`;
  }
  return `start of ${scopeLabel}`;
}

/**
 * Both sides added the same entity at different places: the layout holds it twice. Keep the first, and drop the
 * second with the blank lines that separated it from its predecessor.
 */
function dropSecondCopies(items: Item[]): Item[] {
  const seen = new Set<string>();
  const out: Item[] = [];
  for (const item of items) {
    const ph = 'token' in item ? parsePlaceholder(item.token) : null;
    if (ph && seen.has(ph.key)) {
      while (out.length > 0) {
        const last = out[out.length - 1];
        if (!last || !('token' in last) || !isBlankLine(last.token) || parsePlaceholder(last.token)) break;
        out.pop();
      }
      continue;
    }
    if (ph) seen.add(ph.key);
    out.push(item);
  }
  return out;
}

function dropTrailingBlankLines(pieces: Piece[]): void {
  for (let last = pieces[pieces.length - 1]; last?.type === 'text' && isBlankLine(last.text); last = pieces[pieces.length - 1]) pieces.pop();
}

function substitute(items: readonly Item[], resolutions: Map<string, Resolution>): Piece[] {
  const placed = new Set<string>();
  const pieces: Piece[] = [];
  for (const [i, item] of items.entries()) {
    if ('box' in item) {
      pieces.push(item.box);
      for (const key of item.keys) placed.add(key);
      continue;
    }
    const ph = parsePlaceholder(item.token);
    if (!ph) {
      pieces.push({ type: 'text', text: item.token });
      continue;
    }
    const resolution = resolutions.get(ph.key);
    if (!resolution) throw new MergeInvariantError(`layout holds unknown entity ${ph.key}`);
    if (resolution.type === 'drop') {
      // One side deleted the entity and the other moved it without changing it (an import sorted elsewhere): the
      // move's insertion reached the layout, and the deletion wins. Blank lines on both sides of it become one run.
      const next = items[i + 1];
      if (next && 'token' in next && isBlankLine(next.token)) dropTrailingBlankLines(pieces);
      continue;
    }
    placed.add(ph.key);
    if (resolution.type === 'emit') pieces.push(...resolution.pieces);
    else pieces.push(resolution.box);
  }
  for (const [key, resolution] of resolutions) {
    if (resolution.type !== 'drop' && !placed.has(key)) throw new MergeInvariantError(`entity ${key} was resolved but lost from the layout`);
  }
  return pieces;
}
