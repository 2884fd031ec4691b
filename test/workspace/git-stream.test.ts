import { GitStream, lineAnswer } from '../../src/workspace/git-stream.js';
import { git } from '../../src/workspace/git.js';
import { makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('GitStream', () => {
  let repo: TestRepo;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'one\n' });
  });
  afterEach(() => repo.cleanup());

  it('answers requests in the order they were sent, from one process', async () => {
    const stream = new GitStream(['cat-file', '--batch-check'], repo.dir);
    const answers = await Promise.all(['HEAD', 'HEAD:a.txt', 'HEAD^{tree}', 'nope'].map((rev) => stream.request(`${rev}\n`, lineAnswer)));
    await stream.close();
    const head = (await git(['rev-parse', 'HEAD'], { cwd: repo.dir })).stdout;
    expect(answers[0]).toBe(`${head} commit ${answers[0]?.split(' ')[2] ?? ''}`);
    expect(answers[1]).toMatch(/^[0-9a-f]{40} blob 4$/);
    expect(answers[2]).toMatch(/^[0-9a-f]{40} tree \d+$/);
    expect(answers[3]).toBe('nope missing');
  });

  it('fails the requests of a process that died, with its error output', async () => {
    const stream = new GitStream(['hash-object', '--definitely-not-an-option', '--stdin-paths'], repo.dir);
    await expect(stream.request('x\n', lineAnswer)).rejects.toThrow(/stopped/);
    await expect(stream.request('y\n', lineAnswer)).rejects.toThrow(/stopped/);
  });
});
