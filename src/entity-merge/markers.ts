/**
 * Git-compatible conflict markers: 7 characters at column 0 on whole lines, with a base section (diff3 style),
 * so `git`, editors and the reconcile step recognise them. No hint lines inside sections: "take ours" must yield
 * ours' exact bytes.
 */
import type { ConflictKind, ResolvedLabels } from './types.js';

export const MARKER_OURS = '<<<<<<<';
export const MARKER_BASE = '|||||||';
export const MARKER_SEPARATOR = '=======';
export const MARKER_THEIRS = '>>>>>>>';

const REASONS: Record<ConflictKind, string> = {
  'both-modified': 'both modified',
  'modify-delete': 'modified in ours, deleted in theirs',
  'delete-modify': 'deleted in ours, modified in theirs',
  'both-added': 'both added',
  gap: 'both modified',
  import: 'imports',
};

/** What happened to an entity, e.g. "both modified". */
export function conflictKindText(kind: ConflictKind): string {
  return REASONS[kind];
}

export function describeConflict(entity: string, kind: ConflictKind): string {
  return `${entity} (${conflictKindText(kind)})`;
}

function section(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

export interface MarkerSections {
  ours: string;
  base: string;
  theirs: string;
}

/**
 * Render one conflict box. `description` (e.g. "method Cart.total (both modified)") follows the ours and theirs
 * labels after an em dash, as `<<<<<<< ours — method Cart.total (both modified)`.
 */
export function formatConflictMarkers(sections: MarkerSections, labels: ResolvedLabels, description?: string): string {
  const suffix = description ? ` — ${description}` : '';
  return (
    `${MARKER_OURS} ${labels.ours}${suffix}\n` +
    section(sections.ours) +
    `${MARKER_BASE} ${labels.base}\n` +
    section(sections.base) +
    `${MARKER_SEPARATOR}\n` +
    section(sections.theirs) +
    `${MARKER_THEIRS} ${labels.theirs}${suffix}\n`
  );
}

/** True when a text already contains conflict markers (at line start, as git writes them). */
export function hasConflictMarkers(text: string): boolean {
  return /^(<{7}|>{7})(?: |$)/m.test(text) || /^\|{7}(?: |$)/m.test(text);
}

/**
 * One side of a text with conflict boxes: keep that side's sections, drop the others. Used to check that each
 * side of a conflicted result still parses.
 */
export function sideOfConflicts(text: string, side: 'ours' | 'base' | 'theirs'): string {
  const out: string[] = [];
  let state: 'outside' | 'ours' | 'base' | 'theirs' = 'outside';
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith(`${MARKER_OURS} `) || line === `${MARKER_OURS}\n`) state = 'ours';
    else if (state !== 'outside' && line.startsWith(MARKER_BASE)) state = 'base';
    else if (state !== 'outside' && line === `${MARKER_SEPARATOR}\n`) state = 'theirs';
    else if (state !== 'outside' && line.startsWith(MARKER_THEIRS)) state = 'outside';
    else if (state === 'outside' || state === side) out.push(line);
  }
  return out.join('');
}
