import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRc, searchDirectories } from '../../src/config/load-rc.js';
import { rcToLayer } from '../../src/config/rc-to-layer.js';
import { InputError } from '../../src/util/errors.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ralph-rc-'));
  // A `.git` marks the project root, where the upward search stops.
  await mkdir(join(root, '.git'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadRc: each file kind', () => {
  it('reads .ralphrc as YAML', async () => {
    await writeFile(join(root, '.ralphrc'), 'parallel:\n  maxConcurrency: 5\n  conflictStrategy: file_based\nagent:\n  name: codex\n');
    const rc = await loadRc({ cwd: root });
    expect(rc.path).toBe(join(root, '.ralphrc'));
    expect(rc.layer).toEqual({ maxConcurrency: 5, conflictStrategy: 'file', agent: 'codex' });
  });

  it('reads .ralphrc.json', async () => {
    await writeFile(join(root, '.ralphrc.json'), JSON.stringify({ worktree: { copy: ['.env.test'] }, gates: ['npm test'] }));
    const rc = await loadRc({ cwd: root });
    expect(rc.path).toBe(join(root, '.ralphrc.json'));
    expect(rc.layer).toEqual({ worktreeCopy: ['.env.test'], gates: ['npm test'] });
  });

  it('reads ralph.config.mjs', async () => {
    await writeFile(join(root, 'ralph.config.mjs'), 'export default { reconcile: { enabled: false, typecheck: ["tsc"] } };\n');
    const rc = await loadRc({ cwd: root });
    expect(rc.path).toBe(join(root, 'ralph.config.mjs'));
    expect(rc.layer).toEqual({ reconcile: false, reconcileTypecheck: ['tsc'] });
  });

  it('reads the "ralph" key of package.json', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'x', ralph: { parallel: { enabled: true } } }));
    const rc = await loadRc({ cwd: root });
    expect(rc.path).toBe(join(root, 'package.json'));
    expect(rc.layer).toEqual({ parallel: true });
  });

  it('skips a package.json without a "ralph" key', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'x' }));
    await writeFile(join(root, '.ralphrc.yml'), 'maxIterations: 4\n');
    expect((await loadRc({ cwd: root })).layer).toEqual({ maxIterations: 4 });
  });

  it('searches upward from a subdirectory to the project root, nearest first', async () => {
    const sub = join(root, 'packages', 'app');
    await mkdir(sub, { recursive: true });
    await writeFile(join(root, '.ralphrc.yaml'), 'maxIterations: 7\n');
    expect((await loadRc({ cwd: sub })).layer).toEqual({ maxIterations: 7 });
    await writeFile(join(root, 'packages', '.ralphrc.json'), '{"maxIterations": 2}');
    expect((await loadRc({ cwd: sub })).layer).toEqual({ maxIterations: 2 });
  });

  it('does not look above the project root', async () => {
    const project = join(root, 'project');
    await mkdir(join(project, '.git'), { recursive: true });
    await writeFile(join(root, '.ralphrc'), 'maxIterations: 9\n');
    expect(await loadRc({ cwd: project })).toEqual({ path: null, layer: {} });
    expect(await searchDirectories(project)).toEqual([project]);
  });

  it('loads an explicitly named rc file, and reports a missing one', async () => {
    await writeFile(join(root, 'custom.yaml'), 'strictScope: true\n');
    expect((await loadRc({ cwd: root, rcPath: 'custom.yaml' })).layer).toEqual({ strictScope: true });
    await expect(loadRc({ cwd: root, rcPath: 'missing.yaml' })).rejects.toThrow('missing.yaml: rc file not found');
  });

  it('reads an explicitly named file with another extension as YAML', async () => {
    await writeFile(join(root, 'rc.example'), 'parallel:\n  inferenceMode: explicit\n');
    expect((await loadRc({ cwd: root, rcPath: 'rc.example' })).layer).toEqual({ inferenceMode: 'explicit' });
  });

  it('treats an empty rc file as no settings', async () => {
    await writeFile(join(root, '.ralphrc'), '');
    expect((await loadRc({ cwd: root })).layer).toEqual({});
  });

  it('parses the shipped .ralphrc.example to exactly the built-in defaults', async () => {
    const example = await readFile(new URL('../../.ralphrc.example', import.meta.url), 'utf8');
    await writeFile(join(root, '.ralphrc'), example);
    const { DEFAULT_SETTINGS } = await import('../../src/config/defaults.js');
    expect((await loadRc({ cwd: root })).layer).toEqual({ ...DEFAULT_SETTINGS });
  });
});

describe('loadRc: errors', () => {
  async function rcError(name: string, content: string): Promise<string> {
    await writeFile(join(root, name), content);
    try {
      await loadRc({ cwd: root });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error('expected an InputError');
  }

  it('names the rc file and each bad key', async () => {
    const message = await rcError(
      '.ralphrc',
      'parallel:\n  maxConcurrency: -2\n  conflictStrategy: ast\n  weights:\n    files: -1\nagent:\n  timeout: "soon"\nmaxConcurrency: 4\n',
    );
    expect(message.split('\n')).toEqual(
      expect.arrayContaining([
        '.ralphrc: key "parallel.maxConcurrency": must be a non-negative integer or "auto", got -2',
        '.ralphrc: key "parallel.conflictStrategy": must be one of entity, file, none (or entity_based, file_based), got "ast"',
        '.ralphrc: key "parallel.weights.files": must be at least 0',
        '.ralphrc: key "agent.timeout": must be an integer',
        '.ralphrc: key "maxConcurrency": is not a known key; did you mean "parallel.maxConcurrency"?',
      ]),
    );
    expect(message.split('\n')).toHaveLength(5);
  });

  it('reports YAML syntax errors with the file name', async () => {
    const message = await rcError('.ralphrc.yaml', 'parallel:\n  enabled: [true\n');
    expect(message).toMatch(/\.ralphrc\.yaml: cannot load rc file: /);
  });

  it('reports a JS config that throws', async () => {
    const message = await rcError('ralph.config.mjs', 'throw new Error("boom");\n');
    expect(message).toBe(`${join(root, 'ralph.config.mjs')}: cannot load rc file: boom`);
  });

  it('rejects an rc that is not a map', () => {
    expect(() => rcToLayer(['a'], '.ralphrc')).toThrow('.ralphrc: must be a map of settings, got a list');
  });
});
