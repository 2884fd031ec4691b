import { mergeEntities } from '../entity-merge/merge.js';
import { conflictKindText } from '../entity-merge/markers.js';
import type { FileMerger } from './file-merger.js';

/** The `entity` conflict strategy: git's textual conflicts go through the tree-sitter entity merge. */
export function entityFileMerger(sameEntity: 'conflict' | 'diff3'): FileMerger {
  return async (input) => {
    const outcome = await mergeEntities({ ...input, labels: { ours: 'integration', base: 'base', theirs: 'story' } }, { sameEntity });
    return {
      status: outcome.status,
      text: outcome.text,
      conflicts: outcome.conflicts.map((c) => ({ entity: c.entity, reason: conflictKindText(c.kind) })),
      ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    };
  };
}
