/**
 * The file-level merge behind `ralph-wt merge-file` and `ralph-wt merge-driver`: three byte buffers in, one result
 * out. The entity merge decides when it can; otherwise `git merge-file` does (git-merge-file.ts), so the outcome is
 * never worse than git's:
 *  - refused (no grammar, parse error, binary, markers in an input, ...) or not valid UTF-8 → git's result;
 *  - a conflict the entity merge could only express line-wise (its verification failed) → git's conflict text when
 *    git conflicts too; when git was clean, the entity merge's whole-file conflict stands (git's clean result is the
 *    suspicious one there, e.g. a function defined twice);
 *  - an entity conflict whose boxes hold more lines than git's conflict → git's conflict (boxes never larger than git's).
 */
import type { GitMergeFileInput, GitMergeFileResult } from './git-merge-file.js';
import { mergeEntities } from './merge.js';
import { describeConflict, MARKER_OURS, MARKER_THEIRS } from './markers.js';

export interface FileMergeRequest {
  current: Uint8Array;
  base: Uint8Array;
  other: Uint8Array;
  /** Picks the grammar (by extension) and names the file in messages. */
  path: string;
  labels: { current: string; base: string; other: string };
  sameEntity?: 'conflict' | 'diff3';
  /** Base section in git's fallback conflict boxes (the entity merge always writes one). */
  diff3?: boolean;
}

export interface FileMergeResponse {
  clean: boolean;
  content: Buffer;
  /** Who produced `content`: the entity merge, or git merge-file. */
  method: 'entity' | 'git';
  /** Human descriptions of the conflicts, e.g. "method Cart.total (both modified)". */
  conflicts: string[];
  /** Why git merge-file was used, or why the entity merge conflicted line-wise. */
  reason?: string;
}

export class FileMergeError extends Error {}

/** Strict UTF-8 decoding: null when the bytes are not valid UTF-8 (the entity merge would mangle them). */
function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * git merge-file, loaded on first use: a clean entity merge (the merge driver's common case) never runs git, and
 * leaving the process-running code unloaded starts `ralph-wt merge-file` about 0.1 s sooner.
 */
async function gitMergeFile(input: GitMergeFileInput): Promise<GitMergeFileResult> {
  const { gitMergeFile: run } = await import('./git-merge-file.js');
  return run(input);
}

async function viaGit(request: FileMergeRequest, reason: string): Promise<FileMergeResponse> {
  const git = await gitMergeFile({ current: request.current, base: request.base, other: request.other, labels: request.labels, diff3: request.diff3 ?? false });
  if (!git.ok) throw new FileMergeError(git.error);
  const conflicts = git.clean ? [] : [`${git.conflicts} line conflict(s) in ${request.path}`];
  return { clean: git.clean, content: git.content, method: 'git', conflicts, reason };
}

/** Lines from each `<<<<<<<` marker to its `>>>>>>>` marker, both included. */
function boxedLines(text: string): number {
  let n = 0;
  let inside = false;
  for (const line of text.split('\n')) {
    if (!inside && line.startsWith(MARKER_OURS)) inside = true;
    if (inside) n++;
    if (inside && line.startsWith(MARKER_THEIRS)) inside = false;
  }
  return n;
}

export async function mergeFileBuffers(request: FileMergeRequest): Promise<FileMergeResponse> {
  const current = decode(request.current);
  const base = decode(request.base);
  const other = decode(request.other);
  if (current === null || base === null || other === null) return viaGit(request, 'not valid UTF-8');

  const labels = { ours: request.labels.current, base: request.labels.base, theirs: request.labels.other };
  const outcome = await mergeEntities({ base, ours: current, theirs: other, path: request.path, labels }, { sameEntity: request.sameEntity ?? 'conflict' });
  if (outcome.status === 'refused') return viaGit(request, outcome.reason ?? 'refused by the entity merge');
  const conflicts = outcome.conflicts.map((c) => describeConflict(c.entity, c.kind));
  if (outcome.status === 'conflict' && outcome.method === 'line') {
    const git = await viaGit(request, outcome.reason ?? 'line-level conflict');
    if (!git.clean) return git;
  }
  if (outcome.status === 'conflict') {
    // Boxes are never larger than git's: entity boxes can be (every edit of a function both sides touched). Sizes are
    // compared in one style (with base sections, as entity boxes are); git's answer keeps the style asked for.
    const sized = await gitMergeFile({ current: request.current, base: request.base, other: request.other, labels: request.labels, diff3: true });
    if (sized.ok && !sized.clean && boxedLines(sized.content.toString('utf8')) < boxedLines(outcome.text)) return viaGit(request, 'the entity merge left larger conflicts than git');
  }
  const response: FileMergeResponse = { clean: outcome.status === 'clean', content: Buffer.from(outcome.text, 'utf8'), method: 'entity', conflicts };
  if (outcome.reason !== undefined) response.reason = outcome.reason;
  return response;
}
