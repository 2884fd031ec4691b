import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

export const BENCH_GIT_ENV = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

export interface BenchRepo {
  root: string;
  dir: string;
  git(args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/** A committed repo of `fileCount` small source files plus prd.json, for measuring orchestration. */
export async function makeBenchRepo(fileCount: number, prd: Record<string, unknown>): Promise<BenchRepo> {
  const root = await mkdtemp(join(tmpdir(), 'ralph-bench-'));
  const dir = join(root, 'repo');
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < fileCount; i += 1) {
    const path = join(dir, 'src', `m${Math.floor(i / 100)}`, `f${i}.ts`);
    if (i % 100 === 0) await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `export const v${i} = ${i};\n`);
  }
  await writeFile(join(dir, 'prd.json'), `${JSON.stringify(prd, null, 2)}\n`);
  const git = async (args: string[]): Promise<string> => (await execa('git', args, { cwd: dir, env: BENCH_GIT_ENV })).stdout;
  await git(['init', '--quiet', '--initial-branch=main']);
  await git(['add', '-A']);
  await git(['commit', '--quiet', '-m', 'initial']);
  return { root, dir, git, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function independentPrd(count: number): Record<string, unknown> {
  return {
    project: 'bench',
    branchName: 'ralph/bench',
    description: 'benchmark PRD',
    userStories: Array.from({ length: count }, (_, i) => ({
      id: `B-${String(i + 1).padStart(2, '0')}`,
      title: `Bench story ${i + 1}`,
      description: `Independent story number ${i + 1}`,
      acceptanceCriteria: ['done'],
      priority: i + 1,
      passes: false,
      notes: '',
    })),
  };
}
