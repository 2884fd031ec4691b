/**
 * Stage 7: pieces → text. Conflict boxes become git-style markers and the typed ConflictInfo list (the truth;
 * markers are never counted). Adjacent boxes are rendered as they come: each names its own entity.
 */
import { describeConflict, formatConflictMarkers } from './markers.js';
import type { ConflictInfo, Piece, ResolvedLabels } from './types.js';

export interface Rendered {
  text: string;
  conflicts: ConflictInfo[];
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function render(pieces: readonly Piece[], labels: ResolvedLabels): Rendered {
  let text = '';
  let line = 1;
  const conflicts: ConflictInfo[] = [];
  for (const piece of pieces) {
    let chunk: string;
    if (piece.type === 'text') {
      chunk = piece.text;
    } else {
      if (text !== '' && !text.endsWith('\n')) {
        // Markers must start a line.
        text += '\n';
        line++;
      }
      conflicts.push({ entity: piece.entity, kind: piece.kind, startLine: line });
      chunk = formatConflictMarkers(piece, labels, describeConflict(piece.entity, piece.kind));
    }
    text += chunk;
    line += countNewlines(chunk);
  }
  return { text, conflicts };
}
