import { formatGateFailure } from '../gates/format.js';
import { runGates } from '../gates/run-gates.js';
import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { backupRefName } from '../workspace/branch-names.js';
import { commitTree, RefConflictError } from '../workspace/integration.js';
import { moveIntegrationBranch, putBackAgentMove } from './lane-ref-update.js';
import { mergeBase } from '../workspace/git.js';
import { resolveWithAgent } from './agent-resolution.js';
import { unsafeCleanMerges } from './clean-merge-guard.js';
import { readBlob } from '../workspace/git-objects.js';
import type { FileMerger } from './file-merger.js';
import { mergeTrees, type ConflictedPath } from '../workspace/merge-tree.js';
import type { MergeWorktree } from './merge-worktree.js';
import { orchestratorChanges } from './orchestrator-changes.js';
import { editTree, hashChanges, type TreeChange } from './tree-edit.js';
import type { IntegrationLedger, LedgerEntry } from './integration-ledger.js';
import type { TreeWriter } from '../workspace/tree-writer.js';
import type { WrittenOrchestratorFiles } from '../run/orchestrator-files.js';
import type { ConflictReason } from '../events/types.js';
import { failpoint } from '../util/failpoint.js';

export interface MergeRequest {
  story: UserStory;
  storyTip: string;
  /** The commit the story branched from, when known (saves a merge-base). */
  storyBase: string | null;
  /** Files the story changed since storyBase (besides prd.json / progress.txt), when known (saves a diff). */
  storyFiles: string[] | null;
  /** The progress entry the story recorded, used when the branch's log cannot be diffed. */
  progressEntry: string | null;
  /** prd.json / progress.txt as the story's commit holds them, when known (saves reading them back). */
  written: WrittenOrchestratorFiles | null;
}

export type MergeResult =
  | { kind: 'merged'; commit: string; method: 'fast' | 'entity' | 'agent'; resolvedFiles: string[] }
  /** `conflicts`: every reason, by file and entity; `summary` says the same in words (for the re-run's prompt). */
  | { kind: 'conflict'; files: string[]; conflicts: ConflictReason[]; summary: string }
  | { kind: 'gates-failed'; summary: string };

export interface MergeDeps {
  prdSlug: string;
  /** Structured merger for textual conflicts; null for the `file`/`none` strategies. */
  fileMerger: FileMerger | null;
  mergeWorktree: MergeWorktree;
  /** What this run wrote to the integration branch (head, changed paths, orchestrator files). */
  ledger: IntegrationLedger;
  /** Where the integration branch is: as the run last set it, else read from git. */
  integrationHead: () => Promise<string | null>;
  /** Long-lived git processes for the lane's object writes (null: one git process per write). */
  treeWriter: TreeWriter | null;
}

const MAX_REF_RACES = 3;

/**
 * Merges one finished story branch into the integration branch:
 * merge-tree (no worktree) → orchestrator files recomputed → remaining
 * conflicts through the structured merger → candidate merge commit →
 * quality gates on a checkout of it → compare-and-swap ref update with a
 * backup ref (a checkout holding the branch follows, or is waited for). Nothing moves unless all pass.
 */
export async function mergeStory(ctx: RunContext, deps: MergeDeps, request: MergeRequest): Promise<MergeResult> {
  for (let race = 1; ; race += 1) {
    try {
      return await attemptMerge(ctx, deps, request);
    } catch (error) {
      // Someone moved the branch between our read and the update: redo the merge on the new head.
      if (!(error instanceof RefConflictError) || race >= MAX_REF_RACES) throw error;
      // An agent's commit on the branch is undone, not built on: the lane's head stays right.
      if (await putBackAgentMove(ctx, error)) continue;
      deps.ledger.forget();
    }
  }
}

async function attemptMerge(ctx: RunContext, deps: MergeDeps, request: MergeRequest): Promise<MergeResult> {
  const { story, storyTip } = request;
  const ref = `refs/heads/${ctx.prd.prd.branchName}`;
  const { ledger } = deps;
  // The head this run last set is where the branch is, unless someone moved it: then the
  // compare-and-swap below fails and the merge is redone on a head read from git.
  const head = await deps.integrationHead();
  if (!head) throw new Error(`integration branch ${ctx.prd.prd.branchName} does not exist`);

  // Nothing merged since the story branched: its own tree (prd.json and progress.txt
  // already computed from this very head) is the merge result.
  const planned: PlannedMerge =
    request.storyBase === head
      ? { kind: 'tree', tree: `${storyTip}^{tree}`, resolvedFiles: [], resolvedBy: 'entity', orchestrator: [...(request.written?.contents ?? [])].map(([path, content]) => ({ path, content })) }
      : await mergeOntoMovedHead(ctx, deps, request, head);
  if (planned.kind === 'conflict') return planned;
  const { tree, resolvedFiles, resolvedBy } = planned;
  const commit = await commitTree(ctx.repoRoot, tree, [head, storyTip], `Merge ${story.id}: ${story.title}\n`);

  if (ctx.settings.gates.length > 0) {
    ctx.bus.emit({ type: 'story:phase', storyId: story.id, phase: 'merging', detail: 'quality gates on the merge result' });
    const cwd = await deps.mergeWorktree.checkout(commit);
    const gates = await runGates(ctx.settings.gates, { cwd, signal: ctx.signal, timeoutMs: ctx.settings.gateTimeout * 1000 });
    if (!gates.passed) {
      return { kind: 'gates-failed', summary: `The merge of ${story.id} into ${ctx.prd.prd.branchName} failed the quality gates:\n${formatGateFailure(gates)}` };
    }
  }

  failpoint('before-ref-update');
  // A checkout holding the branch is carried along (or waited for) as part of the move.
  await moveIntegrationBranch(
    ctx,
    { ref, newSha: commit, expectedOldSha: head, backupRef: backupRefName(deps.prdSlug, 'integration'), message: `ralph-wt: merge ${story.id}` },
    `the merge of ${story.id}`,
  );
  failpoint('after-ref-update');
  const entry = ledgerEntry(ctx, request, head, planned);
  if (entry) ledger.record(commit, entry);
  else ledger.observe(commit);
  return { kind: 'merged', commit, method: resolvedFiles.length > 0 ? resolvedBy : 'fast', resolvedFiles };
}

type PlannedMerge =
  | {
      kind: 'tree';
      tree: string;
      resolvedFiles: string[];
      resolvedBy: 'entity' | 'agent';
      /** prd.json / progress.txt in the merged tree (those known). */
      orchestrator: readonly TreeChange[];
    }
  | Extract<MergeResult, { kind: 'conflict' }>;

/** What the merge commit changed relative to head, for the ledger; null when the story's files are not known. */
function ledgerEntry(ctx: RunContext, request: MergeRequest, head: string, planned: Extract<PlannedMerge, { kind: 'tree' }>): LedgerEntry | null {
  if (request.storyFiles === null) return null;
  const contents = new Map(planned.orchestrator.map((change) => [change.path, change.content] as const));
  const changed = [...new Set([...request.storyFiles, ...planned.resolvedFiles, ...contents.keys(), ctx.prdRel, ctx.progressRel])];
  return { parent: head, changed, contents };
}

/** The three-way merge proper: merge-tree, orchestrator files, structured merges of conflicts, the clean-merge guard. */
async function mergeOntoMovedHead(ctx: RunContext, deps: MergeDeps, request: MergeRequest, head: string): Promise<PlannedMerge> {
  const { story, storyTip } = request;
  const orchestratorInput = { story, head, storyTip, storyBase: request.storyBase, written: request.written, fallbackEntry: request.progressEntry };
  // The orchestrator files do not depend on the merge result: computed and written while git merges.
  const [merged, orchestrator] = await Promise.all([
    mergeTrees(ctx.repoRoot, head, storyTip),
    orchestratorChanges(ctx, deps.ledger, orchestratorInput).then((changes) => hashChanges(ctx.repoRoot, changes, deps.treeWriter)),
  ]);
  const owned = new Set([ctx.prdRel, ctx.progressRel]);
  const changes: TreeChange[] = [...orchestrator];
  const complex: { path: string; why: string }[] = [];
  const reasons: ConflictReason[] = [];
  const conflictedFiles: string[] = [];
  const resolvedFiles: string[] = [];
  let resolvedBy: 'entity' | 'agent' = 'entity';
  // Clean line merges the entity check refused: nothing for an agent to resolve (no markers), so never handed over.
  const unsafeClean: string[] = [];
  for (const conflict of merged.conflicts) {
    if (owned.has(conflict.path)) continue;
    conflictedFiles.push(conflict.path);
    const resolution = await resolveConflict(ctx, deps.fileMerger, conflict);
    if (resolution.ok) {
      changes.push({ path: conflict.path, content: resolution.text, mode: conflict.ours?.mode ?? '100644' });
      resolvedFiles.push(conflict.path);
    } else {
      complex.push({ path: conflict.path, why: resolution.why });
      reasons.push(...resolution.reasons.map((r) => ({ file: conflict.path, ...r })));
    }
  }
  const base = request.storyBase ?? (await mergeBase(ctx.repoRoot, head, storyTip)) ?? head;
  const unsafe = await unsafeCleanMerges(
    ctx.repoRoot,
    ctx.settings.conflictStrategy,
    { base, ours: head, theirs: storyTip },
    new Set([...owned, ...conflictedFiles]),
    { ours: deps.ledger.changedBetween(base, head), theirs: request.storyBase !== null ? request.storyFiles : null },
    ctx.settings.sameEntity,
  );
  for (const reason of unsafe) {
    unsafeClean.push(reason.message);
    reasons.push({ file: reason.file, entity: reason.entity, reason: reason.message });
    if (!conflictedFiles.includes(reason.file)) conflictedFiles.push(reason.file);
  }
  if (complex.length > 0 && unsafeClean.length === 0 && ctx.settings.conflictResolution === 'agent' && !ctx.signal.aborted) {
    const answer = await resolveWithAgent(ctx, deps.mergeWorktree, { story, head, storyTip, markerTree: merged.tree, changes, residual: complex });
    if (answer) {
      changes.push(...answer);
      resolvedFiles.push(...answer.map((c) => c.path));
      complex.length = 0;
      reasons.length = 0;
      resolvedBy = 'agent';
    }
  }
  const lines = [...complex.map((c) => `${c.path}: ${c.why}`), ...unsafeClean];
  if (lines.length > 0) {
    return { kind: 'conflict', files: conflictedFiles, conflicts: reasons, summary: `Merging ${story.id} into ${ctx.prd.prd.branchName} conflicted:\n${lines.map((line) => `- ${line}`).join('\n')}` };
  }

  return { kind: 'tree', tree: await editTree(ctx.repoRoot, merged.tree, changes, deps.treeWriter), resolvedFiles, resolvedBy, orchestrator };
}

/** `why` in words; `reasons` the same per entity (entity null: the whole file). */
type Resolution = { ok: true; text: string } | { ok: false; why: string; reasons: Omit<ConflictReason, 'file'>[] };

const unresolved = (why: string): Resolution => ({ ok: false, why, reasons: [{ entity: null, reason: why }] });

async function resolveConflict(ctx: RunContext, merger: FileMerger | null, conflict: ConflictedPath): Promise<Resolution> {
  if (!merger) return unresolved(`changed on both sides (conflict strategy "${ctx.settings.conflictStrategy}")`);
  if (!conflict.ours || !conflict.theirs) return unresolved('modified on one side and deleted on the other');
  if (!conflict.base) return unresolved('added on both sides with different content');
  const [base, ours, theirs] = await Promise.all([conflict.base, conflict.ours, conflict.theirs].map((side) => readBlob(ctx.repoRoot, side.oid)));
  const result = await merger({ path: conflict.path, base: base ?? '', ours: ours ?? '', theirs: theirs ?? '' });
  if (result.status === 'clean') return { ok: true, text: result.text };
  if (result.status === 'refused') return unresolved(`textual conflict (${result.reason ?? 'no structured merge for this file'})`);
  if (result.conflicts.length === 0) return unresolved('conflicting edits');
  return { ok: false, why: result.conflicts.map((c) => `${c.entity} (${c.reason})`).join('; '), reasons: result.conflicts };
}
