import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectFiles } from '../../workspace/working-tree.js';
import fg from 'fast-glob';

/** The repository's files as the overlap check should see them. */
export interface RepoFileList {
  /** Repo-relative paths with `/` separators, sorted. */
  files: string[];
  /** `git` = tracked + untracked-not-ignored; `fast-glob` = fallback outside git. */
  source: 'git' | 'fast-glob';
}

/**
 * List files honouring .gitignore. The git way is exact (nested .gitignore,
 * global excludes, negations); outside a git work tree fall back to
 * fast-glob with the root .gitignore translated into ignore patterns.
 */
export async function listRepoFiles(repoRoot: string): Promise<RepoFileList> {
  const listed = await projectFiles(repoRoot);
  if (listed !== null) return { files: [...new Set(listed)].sort(), source: 'git' };
  const ignore = ['.git/**', ...gitignoreToGlobs(await readFile(join(repoRoot, '.gitignore'), 'utf8').catch(() => ''))];
  const files = await fg('**/*', { cwd: repoRoot, dot: true, onlyFiles: true, ignore, followSymbolicLinks: false });
  return { files: files.sort(), source: 'fast-glob' };
}

/**
 * Root .gitignore lines as fast-glob ignore patterns. Approximate by nature
 * (negations `!x` cannot be expressed as ignores and are skipped); only used
 * when git itself is unavailable.
 */
export function gitignoreToGlobs(content: string): string[] {
  const globs: string[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const dirOnly = line.endsWith('/');
    let pattern = dirOnly ? line.slice(0, -1) : line;
    // A slash at the start or in the middle anchors the pattern to the root.
    const anchored = pattern.includes('/');
    pattern = pattern.replace(/^\//, '');
    const base = anchored ? pattern : `**/${pattern}`;
    globs.push(`${base}/**`);
    if (!dirOnly) globs.push(base);
  }
  return globs;
}
