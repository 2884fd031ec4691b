/**
 * The merge driver through a real `git merge`: `.gitattributes` routes *.ts to `merge=ralph-wt`, and
 * `merge.ralph-wt.driver` runs the built CLI, `node bin/ralph-wt merge-driver %O %A %B %P`, as a user configures
 * it (`npm test` builds dist first).
 */
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeDriverCommand } from '../../src/cli/commands/merge-driver.js';
import { BIN } from '../helpers/cli.js';
import { captureOutput, GIT_ENV, scratchDir } from './helpers.js';

const driver = BIN;

const CART = [
  'export class Cart {',
  '  private items: number[] = [];',
  '',
  '  add(price: number): this {',
  '    this.items.push(price);',
  '    return this;',
  '  }',
  '',
  '  total(): number {',
  '    return this.items.reduce((a, b) => a + b, 0);',
  '  }',
  '}',
  '',
].join('\n');
const TOTAL = '  total(): number {';
const DISCOUNT = '  applyDiscount(percent: number): number {\n    return this.total() * (1 - percent / 100);\n  }\n\n';
const TAX = '  tax(rate: number): number {\n    return Math.round(this.total() * rate);\n  }\n\n';
const HELPERS = 'export function double(x: number): number { return x * 2; }\nexport function half(x: number): number { return x / 2; }\n';

async function repoWith(files: Record<string, string>): Promise<{ dir: string; git(args: string[]): Promise<{ code: number; out: string }>; cleanup(): void }> {
  const scratch = scratchDir('ralph-driver-repo-');
  const git = async (args: string[]): Promise<{ code: number; out: string }> => {
    const r = await execa('git', args, { cwd: scratch.dir, env: GIT_ENV, reject: false, all: true });
    return { code: r.exitCode ?? -1, out: r.all ?? '' };
  };
  await git(['init', '-q', '-b', 'main']);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(scratch.dir, path, '..'), { recursive: true });
    writeFileSync(join(scratch.dir, path), text);
  }
  await git(['add', '-A']);
  await git(['commit', '-q', '-m', 'base']);
  return { dir: scratch.dir, git, cleanup: scratch.cleanup };
}

async function branch(repo: Awaited<ReturnType<typeof repoWith>>, name: string, path: string, text: string): Promise<void> {
  await repo.git(['checkout', '-q', '-b', name, 'main']);
  writeFileSync(join(repo.dir, path), text);
  await repo.git(['commit', '-q', '-am', name]);
  await repo.git(['checkout', '-q', 'main']);
}

function useDriver(repo: Awaited<ReturnType<typeof repoWith>>): Promise<{ code: number; out: string }> {
  return repo.git(['config', 'merge.ralph-wt.driver', `node ${driver} merge-driver %O %A %B %P`]);
}

describe('ralph-wt merge-driver in a real git merge', () => {
  test('two branches editing different functions of one file: git merge fails without the driver, succeeds with it', async () => {
    const repo = await repoWith({ '.gitattributes': '*.ts merge=ralph-wt\n', 'src/math.ts': HELPERS });
    try {
      await branch(repo, 'a', 'src/math.ts', HELPERS.replace('return x * 2;', 'return x + x;'));
      await branch(repo, 'b', 'src/math.ts', HELPERS.replace('half(x: number)', 'half(x: number | bigint)').replace('return x / 2;', 'return Number(x) / 2;'));
      await repo.git(['merge', '-q', 'a']);
      // No driver configured: git's own line merge, which conflicts on the adjacent lines.
      expect((await repo.git(['merge', '--no-edit', 'b'])).code).not.toBe(0);
      await repo.git(['merge', '--abort']);

      await useDriver(repo);
      const merged = await repo.git(['merge', '--no-edit', 'b']);
      expect(merged.code).toBe(0);
      expect(readFileSync(join(repo.dir, 'src/math.ts'), 'utf8')).toBe(
        HELPERS.replace('return x * 2;', 'return x + x;').replace('half(x: number)', 'half(x: number | bigint)').replace('return x / 2;', 'return Number(x) / 2;'),
      );
      expect((await repo.git(['status', '--porcelain'])).out).toBe('');
    } finally {
      repo.cleanup();
    }
  });

  test('both branches insert a method before the same method: clean, blank lines kept', async () => {
    const repo = await repoWith({ '.gitattributes': '*.ts merge=ralph-wt\n', 'src/cart.ts': CART });
    try {
      await useDriver(repo);
      await branch(repo, 'discount', 'src/cart.ts', CART.replace(TOTAL, DISCOUNT + TOTAL));
      await branch(repo, 'tax', 'src/cart.ts', CART.replace(TOTAL, TAX + TOTAL));
      expect((await repo.git(['merge', '-q', 'discount'])).code).toBe(0);
      expect((await repo.git(['merge', '--no-edit', 'tax'])).code).toBe(0);
      expect(readFileSync(join(repo.dir, 'src/cart.ts'), 'utf8')).toBe(CART.replace(TOTAL, DISCOUNT + TAX + TOTAL));
    } finally {
      repo.cleanup();
    }
  });

  test('both branches edit the same method: git merge stops with entity-named markers in the file', async () => {
    const repo = await repoWith({ '.gitattributes': '*.ts merge=ralph-wt\n', 'src/cart.ts': CART });
    try {
      await useDriver(repo);
      await branch(repo, 'a', 'src/cart.ts', CART.replace('a + b, 0);', 'a + b, 0) * 1.1;'));
      await branch(repo, 'b', 'src/cart.ts', CART.replace('(a, b) => a + b, 0', '(sum, x) => sum + x, 0'));
      await repo.git(['merge', '-q', 'a']);
      const merged = await repo.git(['merge', '--no-edit', 'b']);
      expect(merged.code).not.toBe(0);
      expect(merged.out).toContain('method Cart.total (both modified)');
      const text = readFileSync(join(repo.dir, 'src/cart.ts'), 'utf8');
      expect(text).toContain('<<<<<<< ours:src/cart.ts — method Cart.total (both modified)');
      expect(text).toContain('>>>>>>> theirs:src/cart.ts — method Cart.total (both modified)');
      expect((await repo.git(['diff', '--name-only', '--diff-filter=U'])).out.trim()).toBe('src/cart.ts');
    } finally {
      repo.cleanup();
    }
  });
});

describe('mergeDriverCommand', () => {
  test('picks the language from %P (git passes extension-less temp files) and writes into %A', async () => {
    const scratch = scratchDir('ralph-driver-unit-');
    try {
      const w = (name: string, text: string): string => {
        writeFileSync(join(scratch.dir, name), text);
        return name;
      };
      const args = {
        base: w('.merge_file_O', HELPERS),
        current: w('.merge_file_A', HELPERS.replace('return x * 2;', 'return x + x;')),
        other: w('.merge_file_B', HELPERS.replace('return x / 2;', 'return x * 0.5;')),
        path: 'src/math.ts',
      };
      const { value } = await captureOutput(() => mergeDriverCommand(args, scratch.dir));
      expect(value).toBe(0);
      expect(readFileSync(join(scratch.dir, '.merge_file_A'), 'utf8')).toBe(HELPERS.replace('return x * 2;', 'return x + x;').replace('return x / 2;', 'return x * 0.5;'));

      // Without %P the temp name has no extension: no grammar, so git merge-file decides (and conflicts).
      w('.merge_file_A', HELPERS.replace('return x * 2;', 'return x + x;'));
      const fallback = await captureOutput(() => mergeDriverCommand({ ...args, path: undefined }, scratch.dir));
      expect(fallback.value).toBe(1);
      expect(fallback.stderr).toContain('git merge-file');

      const missing = await captureOutput(() => mergeDriverCommand({ ...args, other: 'nope' }, scratch.dir));
      expect(missing.value).toBe(2);
    } finally {
      scratch.cleanup();
    }
  });
});
