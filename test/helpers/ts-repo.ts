import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRepo, ROOT, type TestRepo } from './cli.js';

const TS_PROJECT_FILES: Record<string, string> = {
  '.gitignore': 'node_modules\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: [], skipLibCheck: true },
    include: ['src'],
  }),
};

/** Links the project's tsc into the repo's (gitignored) node_modules/.bin, where reconciliation looks first. */
export async function linkTsc(repo: TestRepo): Promise<TestRepo> {
  await mkdir(join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), join(repo.dir, 'node_modules', '.bin', 'tsc'));
  return repo;
}

/** A small TypeScript project whose type checker is the real tsc. */
export async function makeTsRepo(files: Record<string, string>, prd: Record<string, unknown>, script: Record<string, unknown>): Promise<TestRepo> {
  return linkTsc(await makeRepo({ ...TS_PROJECT_FILES, ...files }, prd, script));
}
