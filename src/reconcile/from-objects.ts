/**
 * Reconciliation without a checkout. Most batches need no working tree: with no gate, formatter or type checker
 * to run and nothing to fix, the only checks are conflict markers and duplicate imports in the batch's files,
 * which read as well from head's blobs. A checkout costs a write of every file of the repository (or a
 * worktree switch); this costs one read of the batch's files.
 */
import type { Settings } from '../config/types.js';
import { dedupeFiles } from './dedupe-files.js';
import { scanConflictMarkers } from './scan-markers.js';
import type { OversizedBlob } from '../workspace/git-objects.js';
import { textOf } from './tracked-files.js';
import { CHECKER_MARKERS } from './typecheck-detect.js';
import { isFlagged, type ReconcileBatchStory, type ReconcileIssue } from './types.js';

export interface FromObjectsOptions {
  settings: Pick<Settings, 'gates' | 'reconcileFormat' | 'reconcileTypecheck' | 'reconcileFixWithAgent'>;
  head: string;
  batch: readonly ReconcileBatchStory[];
  /** The batch's files, repo-relative. */
  files: readonly string[];
  /** Contents of `rev:path` specs: null where there is none, a size where the blob is too large to be text. */
  readBlobs: (specs: readonly string[]) => Promise<(Buffer | OversizedBlob | null)[]>;
}

/** The batch's issues, or null when reconciliation needs a checkout of head after all. */
export async function reconcileFromObjects(options: FromObjectsOptions): Promise<ReconcileIssue[] | null> {
  const { settings, head, batch, files } = options;
  if (settings.gates.length > 0 || settings.reconcileFormat || settings.reconcileTypecheck.length > 0) return null;
  // The checker markers come in the same read: any of them means a type checker runs, on disk.
  const blobs = await options.readBlobs([...CHECKER_MARKERS, ...files].map((path) => `${head}:${path}`));
  if (blobs.slice(0, CHECKER_MARKERS.length).some((blob) => blob !== null)) return null;
  const contents = new Map(files.map((file, i) => [file, blobs[CHECKER_MARKERS.length + i] ?? null]));
  // As on disk: a file deleted by the batch is not checked, a binary one reads as null.
  const present = files.filter((file) => contents.get(file) !== null);
  const read = async (file: string): Promise<string | null> => {
    const blob = contents.get(file);
    return Buffer.isBuffer(blob) ? textOf(blob) : null;
  };
  const markers = await scanConflictMarkers(read, present, batch);
  const dedupe = await dedupeFiles(read, present, batch);
  // A fix is committed from a checkout.
  if (dedupe.fixes.size > 0) return null;
  const issues = [...markers, ...dedupe.issues];
  // The agent fix-up works in a checkout.
  if (settings.reconcileFixWithAgent && issues.some(isFlagged)) return null;
  return issues;
}
