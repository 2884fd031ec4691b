/**
 * One agent iteration to fix what reconciliation flagged, in the reconciliation worktree. Its work is kept only
 * when the checks pass afterwards; otherwise the worktree is put back exactly as it was.
 */
import { runAgent } from '../agent/run-agent.js';
import type { AgentAdapter } from '../agent/types.js';
import { commitAll } from '../workspace/commit.js';
import { untrackedFiles } from '../workspace/untracked-files.js';
import { changedSince as trackedChangedSince, resetTo, unstage } from '../workspace/working-tree.js';
import { removeUntracked } from '../workspace/worktree-commands.js';
import type { ReconcileBatchStory, ReconcileIssue } from './types.js';

/** Pure: the fix-up prompt. */
export function buildFixPrompt(issues: readonly ReconcileIssue[], batch: readonly ReconcileBatchStory[]): string {
  const stories = batch.map((s) => `- ${s.storyId}: ${s.title}${s.files.length > 0 ? ` (changed ${s.files.slice(0, 8).join(', ')}${s.files.length > 8 ? ', …' : ''})` : ''}`);
  const problems = issues.map((i) => {
    const where = i.file ? `${i.file}${i.line !== null ? `:${i.line}` : ''}` : '(whole project)';
    return `- [${i.kind}] ${where} — ${i.message}\n  stories: ${i.stories.join(', ') || '(unknown)'}; suggestion: ${i.suggestion}`;
  });
  return [
    '# Task: reconcile the integration branch',
    'Several user stories were implemented in parallel and merged one after another. Each passed its checks alone; together they do not.',
    `## Stories merged in this batch\n${stories.join('\n')}`,
    `## Problems found after merging\n${problems.join('\n')}`,
    [
      '## Rules',
      '- Work only in the current directory (a git worktree of the merged result).',
      "- Make the smallest change that makes both stories' code work together: keep each story's intent.",
      '- Do not start new features, do not edit prd.json or progress.txt, do not commit: ralph-wt re-runs the checks and commits only if they pass.',
    ].join('\n'),
    '## Finishing\nEnd with a short summary of what you changed, then this exact line:\n<promise>COMPLETE</promise>',
    '',
  ].join('\n\n');
}

export interface AgentFixOptions {
  adapter: AgentAdapter;
  dir: string;
  /** The commit the worktree is at before the agent runs (trivial-fix commit or head). */
  base: string;
  issues: readonly ReconcileIssue[];
  batch: readonly ReconcileBatchStory[];
  timeoutMs: number;
  logFile: string;
  model: string | null;
  extraArgs: string[];
  signal?: AbortSignal;
  /** Re-runs the checks on the agent's result; true = keep it. */
  verify: (touched: string[]) => Promise<boolean>;
}

export interface AgentFixOutcome {
  /** The kept commit, or null when the fix was discarded (or the agent changed nothing). */
  commit: string | null;
  reason: string;
}

export async function agentFixUp(options: AgentFixOptions): Promise<AgentFixOutcome> {
  const { dir, base } = options;
  const untrackedBefore = new Set(await untrackedFiles(dir));
  const result = await runAgent({
    adapter: options.adapter,
    prompt: buildFixPrompt(options.issues, options.batch),
    cwd: dir,
    env: { RALPH_STORY_ID: 'reconcile', RALPH_STORY_TITLE: 'Reconcile the integration branch' },
    timeoutMs: options.timeoutMs,
    logFile: options.logFile,
    model: options.model,
    extraArgs: options.extraArgs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const touched = await changedSince(dir, base, untrackedBefore);
  if (result.error !== null) return discard(dir, base, untrackedBefore, `agent failed: ${result.error}`);
  if (touched.length === 0) return discard(dir, base, untrackedBefore, 'agent changed nothing');
  if (!(await options.verify(touched))) return discard(dir, base, untrackedBefore, 'checks still fail after the agent fix-up');
  // The agent may have committed on its own: fold everything into one commit on top of base.
  await resetTo(dir, base, 'index');
  // An agent's own `git add -A` may have staged files that were untracked before it ran (a copied .env): unstage them.
  await unstage(dir, base, [...untrackedBefore]);
  const commit = await commitAll({ cwd: dir, message: `reconcile: fix ${options.issues.length} issue${options.issues.length === 1 ? '' : 's'} with the agent`, exclude: [...untrackedBefore] });
  return commit ? { commit, reason: 'checks pass after the agent fix-up' } : discard(dir, base, untrackedBefore, 'agent changed nothing');
}

async function discard(dir: string, base: string, untrackedBefore: ReadonlySet<string>, reason: string): Promise<AgentFixOutcome> {
  await resetTo(dir, base, 'nothing');
  // Only what the agent created: untracked files that were there before (copied .env etc.) stay.
  const created = (await untrackedFiles(dir)).filter((p) => !untrackedBefore.has(p));
  await removeUntracked(dir, created);
  return { commit: null, reason };
}

/** Tracked paths changed relative to base (committed or not) plus new untracked files. */
async function changedSince(dir: string, base: string, untrackedBefore: ReadonlySet<string>): Promise<string[]> {
  const tracked = await trackedChangedSince(dir, base);
  const created = (await untrackedFiles(dir)).filter((p) => !untrackedBefore.has(p));
  return [...new Set([...tracked, ...created])];
}
