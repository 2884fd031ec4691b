import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { findFileOverlaps, describeOverlap } from '../../src/graph/inference/files.js';
import { gitignoreToGlobs, listRepoFiles } from '../../src/graph/inference/repo-files.js';
import { story } from './helpers.js';

describe('findFileOverlaps (symbolic)', () => {
  it('orders by priority, then prd.json order', () => {
    const stories = [
      story('US-001', { priority: 2, targetFiles: ['src/**/*.rs'] }),
      story('US-002', { priority: 1, targetFiles: ['src/lib.rs'] }),
      story('US-003', { priority: 2, targetFiles: ['src/main.rs'] }),
      story('US-004', { priority: 1, targetFiles: ['tests/*.py'] }),
      story('US-005', { priority: 1, targetFiles: ['tests/unit/*.py'] }),
    ];
    const found = findFileOverlaps(stories, null).map((o) => [stories[o.first]?.id, stories[o.second]?.id]);
    expect(found).toEqual([
      ['US-002', 'US-001'], // higher priority goes first
      ['US-001', 'US-003'], // equal priority: earlier in the file goes first
    ]);
  });

  it('ignores stories without targetFiles and explains with an example path', () => {
    const stories = [story('US-001', { targetFiles: ['src/api/**/*.ts'] }), story('US-002'), story('US-003', { targetFiles: ['src/api/user.ts'] })];
    const [overlap] = findFileOverlaps(stories, null);
    expect(overlap).toBeDefined();
    expect(describeOverlap(overlap!)).toBe('both touch src/api/**/*.ts and src/api/user.ts (no such file yet, e.g. src/api/user.ts)');
  });
});

describe('real files, .gitignore respected', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'rwt-graph-files-'));
    const files: Record<string, string> = {
      '.gitignore': 'generated/\n*.log\n',
      'src/api/user.ts': '',
      'src/api/order.ts': '',
      'src/api/cart.ts': '',
      'src/api/item.ts': '',
      'src/api/generated/schema.ts': '', // ignored by the nested-dir rule
      'src/web/app.ts': '',
      'src/api/debug.log': '',
      'src/api/untracked.ts': '', // untracked but not ignored: counts
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), content);
    }
    await execa('git', ['init', '-q'], { cwd: repo });
    await execa('git', ['add', '.gitignore', 'src/api/user.ts', 'src/api/order.ts', 'src/api/cart.ts', 'src/api/item.ts', 'src/web/app.ts'], { cwd: repo });
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('lists tracked and untracked files, not ignored ones', async () => {
    const listed = await listRepoFiles(repo);
    expect(listed.source).toBe('git');
    expect(listed.files).toEqual(expect.arrayContaining(['src/api/user.ts', 'src/api/untracked.ts', '.gitignore']));
    expect(listed.files).not.toContain('src/api/generated/schema.ts');
    expect(listed.files).not.toContain('src/api/debug.log');
  });

  it('names up to 3 colliding paths, then …', async () => {
    const { files } = await listRepoFiles(repo);
    const stories = [story('US-001', { targetFiles: ['src/api/**'] }), story('US-002', { targetFiles: ['src/**/*.ts'] })];
    const [overlap] = findFileOverlaps(stories, files);
    expect(overlap?.paths).toEqual(['src/api/cart.ts', 'src/api/item.ts', 'src/api/order.ts', 'src/api/untracked.ts', 'src/api/user.ts']);
    expect(describeOverlap(overlap!)).toBe('both touch src/api/** and src/**/*.ts (src/api/cart.ts, src/api/item.ts, src/api/order.ts, …)');
  });

  it('never names ignored files', async () => {
    const { files } = await listRepoFiles(repo);
    const stories = [story('US-001', { targetFiles: ['src/api/generated/*.ts'] }), story('US-002', { targetFiles: ['**/schema.ts'] })];
    const [overlap] = findFileOverlaps(stories, files);
    // Still an overlap (the story may create the file), but no ignored path is cited.
    expect(overlap?.paths).toEqual([]);
    expect(describeOverlap(overlap!)).toContain('no such file yet, e.g. src/api/generated/schema.ts');
  });

  it('falls back to fast-glob plus the root .gitignore outside git', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'rwt-graph-plain-'));
    try {
      await mkdir(join(plain, 'build'), { recursive: true });
      await mkdir(join(plain, 'src'), { recursive: true });
      await writeFile(join(plain, '.gitignore'), '# build output\nbuild/\n*.tmp\n');
      await writeFile(join(plain, 'build', 'out.js'), '');
      await writeFile(join(plain, 'src', 'a.js'), '');
      await writeFile(join(plain, 'src', 'scratch.tmp'), '');
      const listed = await listRepoFiles(plain);
      expect(listed.source).toBe('fast-glob');
      expect(listed.files).toEqual(['.gitignore', 'src/a.js']);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('translates .gitignore lines into ignore globs', () => {
    expect(gitignoreToGlobs('/dist\nnode_modules/\n!keep.log\n*.log\n')).toEqual([
      'dist/**',
      'dist',
      '**/node_modules/**',
      '**/*.log/**',
      '**/*.log',
    ]);
  });
});
