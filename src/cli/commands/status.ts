import { describeConflictReasons } from '../../events/conflict-reasons.js';
import { Journal } from '../../journal/journal.js';
import { readLock } from '../../journal/lock.js';
import type { StoryRecord } from '../../journal/types.js';
import { ralphDir } from '../../workspace/worktrees.js';
import { gitRepoRootOf } from '../repo-root.js';

/** `ralph-wt status`: the run journal — what is running, merged, failed or conflicted, with worktree and log paths. */
export async function statusCommand(flags: { json?: boolean | undefined }, cwd: string): Promise<number> {
  const root = await gitRepoRootOf(cwd);
  const dir = await ralphDir(root);
  const journal = await Journal.load(Journal.pathIn(dir));
  const lock = await readLock(dir);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ lock, journal: journal?.snapshot() ?? null }, null, 2)}\n`);
    return 0;
  }
  if (lock?.holder) {
    const state = lock.alive === true ? 'running' : lock.alive === false ? 'not running (stale lock; the next run replaces it)' : 'on another host';
    process.stdout.write(`Run lock: pid ${lock.holder.pid} on ${lock.holder.hostname}, ${state}\n`);
  } else {
    process.stdout.write('Run lock: none (no run in progress)\n');
  }
  if (!journal) {
    process.stdout.write(`No run journal in ${dir} yet: start one with \`ralph-wt run --parallel\`.\n`);
    return 0;
  }
  const data = journal.snapshot();
  process.stdout.write(`Run ${data.runId} on ${data.integrationBranch} (${data.prdPath}), last update ${new Date(data.updatedAt).toISOString()}\n\n`);
  // No live run holds the lock (gone, or its pid is dead): nothing is running any more, whatever was recorded.
  const runDied = lock?.holder ? lock.alive === false : true;
  const rows = Object.entries(data.stories).map(([id, rec]) => [id, shownState(rec, runDied), String(rec.attempts), detail(rec)]);
  const header = ['story', 'state', 'tries', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}

function shownState(rec: StoryRecord, runDied: boolean): string {
  return rec.state === 'running' && runDied ? 'interrupted (run died)' : rec.state;
}

function detail(rec: StoryRecord): string {
  const parts: string[] = [];
  if (rec.mergedCommit) parts.push(`merged ${rec.mergedCommit.slice(0, 10)}`);
  // What a conflicted story conflicted on, by file and entity (a reason's first line may not say).
  if (rec.state === 'conflicted' && rec.conflicts && rec.conflicts.length > 0) parts.push(`conflicted on ${describeConflictReasons(rec.conflicts)}`);
  else if (rec.reason) parts.push(rec.reason.split('\n')[0] ?? '');
  if (rec.worktree && rec.state !== 'done') parts.push(`worktree ${rec.worktree}`);
  if (rec.logFile) parts.push(`log ${rec.logFile}`);
  return parts.join('; ');
}
