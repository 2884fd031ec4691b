import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAgent } from '../agent/run-agent.js';
import { extractEntities } from '../analysis/extract.js';
import { languageForPath } from '../analysis/languages.js';
import { hasConflictMarkers } from '../entity-merge/markers.js';
import type { UserStory } from '../prd/types.js';
import type { RunContext } from '../run/context.js';
import { commitTree } from '../workspace/integration.js';
import type { MergeWorktree } from './merge-worktree.js';
import { editTree, type TreeChange } from './tree-edit.js';

export interface ResidualConflict {
  path: string;
  /** Why the entity merge could not resolve it. */
  why: string;
}

/**
 * `conflictResolution: agent`: before a story falls back to a sequential
 * re-run, the agent gets one go at the conflicts the entity merge left — only
 * those files, with git's markers, in the merge worktree. An answer is kept
 * only if every file is marker-free and (for languages we parse) parses; the
 * quality gates then judge the whole merge as usual. Returns the resolved
 * contents, or null to fall back.
 */
export async function resolveWithAgent(
  ctx: RunContext,
  worktree: MergeWorktree,
  input: { story: UserStory; head: string; storyTip: string; markerTree: string; changes: readonly TreeChange[]; residual: readonly ResidualConflict[] },
): Promise<TreeChange[] | null> {
  const { story } = input;
  const scratchTree = await editTree(ctx.repoRoot, input.markerTree, input.changes);
  const scratch = await commitTree(ctx.repoRoot, scratchTree, [input.head], `ralph-wt: conflicts of ${story.id} for the agent\n`);
  const dir = await worktree.checkout(scratch);
  ctx.bus.emit({ type: 'story:phase', storyId: story.id, phase: 'merging', detail: `agent resolving ${input.residual.length} conflicted file(s)` });
  const result = await runAgent({
    adapter: ctx.adapter,
    prompt: conflictPrompt(ctx, story, input.residual),
    cwd: dir,
    env: { RALPH_STORY_ID: story.id, RALPH_STORY_TITLE: story.title, RALPH_PRD: ctx.prd.path, RALPH_TASK: 'resolve-conflicts' },
    timeoutMs: ctx.settings.agentTimeout * 1000,
    logFile: join(ctx.logDir, `${story.id.replace(/[^A-Za-z0-9._-]/g, '_')}.resolve.log`),
    model: ctx.settings.model,
    extraArgs: ctx.settings.agentArgs,
    signal: ctx.signal,
    onActivity: (text) => ctx.bus.emit({ type: 'story:activity', storyId: story.id, text }),
  });
  if (!result.completed) return null;
  const resolved: TreeChange[] = [];
  for (const { path } of input.residual) {
    const text = await readFile(join(dir, path), 'utf8').catch(() => null);
    if (text === null || hasConflictMarkers(text)) return null;
    const lang = languageForPath(path);
    if (lang && (await extractEntities(text, lang)).hasErrors) return null;
    resolved.push({ path, content: text });
  }
  return resolved;
}

function conflictPrompt(ctx: RunContext, story: UserStory, residual: readonly ResidualConflict[]): string {
  return [
    '# Task: resolve merge conflicts',
    `Story ${story.id} ("${story.title}") is being merged into ${ctx.prd.prd.branchName}, which already contains other stories' work.`,
    'These files contain git conflict markers (<<<<<<< integration / ======= / >>>>>>> story):',
    ...residual.map((r) => `- ${r.path}: ${r.why}`),
    '',
    `## Story ${story.id}`,
    story.description,
    ...story.acceptanceCriteria.map((c) => `- ${c}`),
    '',
    '## Rules',
    '- Edit only the files listed above. Keep the intent of both sides: the integration branch is already accepted work; add this story on top of it.',
    '- Remove every conflict marker. The result must compile.',
    '- Do not commit; the orchestrator checks and commits your result.',
    '',
    'When every listed file is resolved, make this exact line the last line of your final message:',
    '<promise>COMPLETE</promise>',
    '',
  ].join('\n');
}
