import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitEverything, initRepository } from '../../workspace/history.js';
import { historyGraph } from '../../workspace/refs.js';
import { identityEnv } from '../../workspace/commit.js';
import { fixturePath } from '../package-paths.js';
import { planCommand } from './plan.js';
import { runCommand } from './run.js';

export interface DemoFlags {
  json?: boolean | undefined;
  dir?: string | undefined;
  sequential?: boolean | undefined;
}

/**
 * `ralph-wt demo`: copies the fixture shop repo to a temp dir, commits it,
 * and runs the real pipeline on its PRD with the scripted fake agent —
 * parallel worktrees, an entity-merged same-file pair, a conflicting pair
 * that falls back to a sequential re-run, quality gates, and the summary.
 */
export async function demoCommand(flags: DemoFlags): Promise<number> {
  const root = flags.dir ?? (await mkdtemp(join(tmpdir(), 'ralph-wt-demo-')));
  const repo = join(root, 'demo-shop');
  await cp(fixturePath('demo', 'repo'), repo, { recursive: true });
  await cp(fixturePath('demo', 'prd.json'), join(repo, 'prd.json'));
  await initRepository(repo, 'main');
  await commitEverything(repo, 'Initial demo shop', await identityEnv(repo));

  process.env['RALPH_FAKE_SCRIPT'] = fixturePath('demo', 'agent-script.json');
  process.env['RALPH_FAKE_STATE'] = join(root, 'fake-agent-state');
  if (!flags.json) {
    process.stdout.write(`ralph-wt demo: a fixture repo at ${repo}, a scripted agent, the real pipeline\n\n`);
    // What `ralph-wt plan` shows before a run: the waves the dependency graph allows.
    await planCommand({ prd: 'prd.json', format: 'text' }, repo);
    process.stdout.write('\n');
  }
  const code = await runCommand(
    {
      prd: 'prd.json',
      agentCommand: fixturePath('fake-agent', 'fake-agent.mjs'),
      gate: ['node --test test/'],
      json: flags.json,
      ...(flags.sequential ? { parallel: false } : {}),
    },
    repo,
  );
  if (!flags.json) {
    const graph = await historyGraph(repo, 30);
    process.stdout.write(`\nThe integration branch, one merge commit per story (git log --graph):\n${graph}\n\nExplore it: cd ${repo}\n`);
  }
  return code;
}
