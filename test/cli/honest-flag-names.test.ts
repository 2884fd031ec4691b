import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { COMMAND_NAMES } from '../../src/cli/main.js';
import { SETTING_SPECS } from '../../src/config/setting-specs.js';
import { BIN, ROOT } from '../helpers/cli.js';

/** Flags of other programs that messages name on purpose: `file flag`. */
const FOREIGN = new Set([
  'src/cli/commands/demo.ts --test', // the demo's gate: `node --test test/`
  'src/cli/commands/demo.ts --graph', // `git log --graph`
  'src/workspace/git-objects.ts --batch', // `git cat-file --batch answered …`
  'src/merge/lane-ref-update.ts --detach', // `git switch --detach`, advice for the user's checkout
  'src/reconcile/typecheck-detect.ts --noEmit', // `tsc --noEmit -p .`
  'src/scheduler/parallel/story-branches.ts --format', // git for-each-ref's format
  'src/workspace/branches.ts --format', // git for-each-ref's format
]);

/** Option names a command's --help defines (not the ones its descriptions mention). */
async function flagsOf(command: string | null): Promise<Set<string>> {
  const { stdout } = await execa('node', [BIN, ...(command ? [command] : []), '--help']);
  const flags = new Set<string>();
  for (const line of stdout.split('\n')) {
    const match = /^\s+(?:-\w, )?--([a-z][a-z0-9-]*)/.exec(line);
    if (match?.[1]) flags.add(`--${match[1]}`);
  }
  // yargs negates every option: --no-fallback, --no-reconcile.
  for (const flag of [...flags]) flags.add(`--no-${flag.slice(2)}`);
  return flags;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}

interface Mention {
  file: string;
  flag: string;
  text: string;
  /** The command the text names just before the flag (`ralph-wt plan --format`), if any. */
  command: string | null;
}

/** `--flag`s in string literals that are sentences (argument arrays hold one flag per string, without spaces). */
async function mentionedFlags(): Promise<Mention[]> {
  const mentions: Mention[] = [];
  for (const path of await sourceFiles(join(ROOT, 'src'))) {
    const file = relative(ROOT, path);
    const source = ts.createSourceFile(file, await readFile(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        const text = node.text;
        if (/\s/.test(text.trim())) {
          for (const match of text.matchAll(/(?<![\w-])--([a-zA-Z][a-zA-Z0-9-]*)/g)) {
            const before = [...text.slice(0, match.index).matchAll(/(?:ralph-wt|\$0) ([a-z-]+)/g)].at(-1)?.[1] ?? null;
            mentions.push({ file, flag: match[0], text, command: before });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return mentions;
}

describe('flags named in messages', () => {
  let byCommand: Map<string, Set<string>>;
  let all: Set<string>;
  beforeAll(async () => {
    const commands = [...COMMAND_NAMES];
    const sets = await Promise.all([flagsOf(null), ...commands.map((c) => flagsOf(c))]);
    byCommand = new Map(commands.map((c, i) => [c, sets[i + 1] ?? new Set<string>()]));
    all = new Set(sets.flatMap((s) => [...s]));
  }, 60_000);

  it('every --flag a user-facing string in src/ names is an option of ralph-wt (of the command it names, if any)', async () => {
    const mentions = await mentionedFlags();
    expect(mentions.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const { file, flag, text, command } of mentions) {
      if (FOREIGN.has(`${file} ${flag}`)) continue;
      const known = command && byCommand.has(command) ? (byCommand.get(command) ?? all) : all;
      if (!known.has(flag)) wrong.push(`${file}: ${flag} in ${JSON.stringify(text)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every setting’s flag (used in error messages) is an option of `ralph-wt run`', () => {
    const run = byCommand.get('run') ?? new Set<string>();
    const missing = SETTING_SPECS.filter((spec) => spec.flag !== null && !run.has(spec.flag)).map((spec) => `${spec.key}: ${spec.flag}`);
    expect(missing).toEqual([]);
  });
});
