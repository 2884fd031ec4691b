import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as workspace from '../../src/workspace/index.js';

/**
 * Every git command line lives in src/workspace (the git port): elsewhere,
 * code asks for a named operation. This finds the files outside it that
 * still run git themselves: importing the raw runners or spawning `git`.
 */
const RAW = /import\s*{[^}]*\b(git|gitBytes|GitStream)\b[^}]*}\s*from\s*'[^']*workspace\/(git|git-stream)\.js'|execa(Node)?\(\s*'git'/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

test('outside src/workspace no source file builds a git command line', async () => {
  const root = process.cwd();
  const offenders: string[] = [];
  for (const file of await sourceFiles(join(root, 'src'))) {
    const rel = relative(root, file).split('\\').join('/');
    if (rel.startsWith('src/workspace/')) continue;
    if (RAW.test(await readFile(file, 'utf8'))) offenders.push(rel);
  }
  expect(offenders.sort()).toEqual([]);
});

test('the check sees a raw git import and a spawned git', () => {
  expect(RAW.test("import { git } from '../workspace/git.js';")).toBe(true);
  expect(RAW.test("import { currentBranch, git, refExists } from '../../workspace/git.js';")).toBe(true);
  expect(RAW.test("await execa('git', ['status'])")).toBe(true);
  expect(RAW.test("import { revParse } from '../workspace/git.js';")).toBe(false);
});

test('the workspace index offers operations, not the raw runner', () => {
  expect(Object.keys(workspace)).toEqual(expect.arrayContaining(['revParse', 'deleteRefsAt', 'checkoutBranch']));
  expect(Object.keys(workspace)).not.toEqual(expect.arrayContaining(['git']));
  expect(Object.keys(workspace)).not.toEqual(expect.arrayContaining(['gitBytes']));
});
