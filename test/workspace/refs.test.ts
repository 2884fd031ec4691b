import { detachHead, tryCheckoutBranch } from '../../src/workspace/checkout.js';
import { currentBranch, git, revParse } from '../../src/workspace/git.js';
import { commitSubject, createRef, deleteRef, deleteRefsAt, forceBranch, isAncestor, refTipsUnder, updateRefCas } from '../../src/workspace/refs.js';
import { commitFiles, makeRepo, useTestGitEnv, type TestRepo } from './helpers.js';

useTestGitEnv();

describe('git port: refs', () => {
  let repo: TestRepo;
  let second: string;
  beforeEach(async () => {
    repo = await makeRepo();
    second = await commitFiles(repo.dir, { 'b.txt': 'b\n' }, 'feat(US-1): second');
  });
  afterEach(async () => {
    await repo.cleanup();
  });

  it('answers ancestry both ways, and false for an unknown commit', async () => {
    expect(await isAncestor(repo.dir, repo.initial, second)).toBe(true);
    expect(await isAncestor(repo.dir, second, repo.initial)).toBe(false);
    expect(await isAncestor(repo.dir, 'no-such-rev', second)).toBe(false);
  });

  it('creates a ref only where none is, and moves one only from where it is', async () => {
    await createRef(repo.dir, 'refs/heads/kept', repo.initial);
    await expect(createRef(repo.dir, 'refs/heads/kept', second)).rejects.toThrow();
    const move = { ref: 'refs/heads/kept', to: second, message: 'test' };
    expect(await updateRefCas(repo.dir, { ...move, from: second })).toBe(false);
    expect(await revParse(repo.dir, 'refs/heads/kept')).toBe(repo.initial);
    expect(await updateRefCas(repo.dir, { ...move, from: repo.initial })).toBe(true);
    expect(await revParse(repo.dir, 'refs/heads/kept')).toBe(second);
  });

  it('lists tips under a prefix and deletes those still at the tip seen, leaving one that moved', async () => {
    await forceBranch(repo.dir, 'p/a', repo.initial);
    await forceBranch(repo.dir, 'p/b', repo.initial);
    await forceBranch(repo.dir, 'other', repo.initial);
    const tips = await refTipsUnder(repo.dir, 'refs/heads/p/');
    expect(tips).toEqual([
      { ref: 'refs/heads/p/a', sha: repo.initial },
      { ref: 'refs/heads/p/b', sha: repo.initial },
    ]);
    await forceBranch(repo.dir, 'p/b', second);
    await deleteRefsAt(repo.dir, tips, 'test: merged');
    expect(await refTipsUnder(repo.dir, 'refs/heads/p/')).toEqual([{ ref: 'refs/heads/p/b', sha: second }]);
    expect(await deleteRef(repo.dir, 'refs/heads/p/b', repo.initial)).toBe(false);
    expect(await deleteRef(repo.dir, 'refs/heads/p/b', second)).toBe(true);
  });

  it("reads a commit's subject, null for none", async () => {
    expect(await commitSubject(repo.dir, second)).toBe('feat(US-1): second');
    expect(await commitSubject(repo.dir, 'no-such-rev')).toBeNull();
  });

  it('detaches HEAD and checks a branch out again, giving git’s reason when it cannot', async () => {
    const branch = await currentBranch(repo.dir);
    await detachHead(repo.dir);
    expect(await currentBranch(repo.dir)).toBeNull();
    expect(await tryCheckoutBranch(repo.dir, branch ?? 'main')).toEqual({ ok: true });
    const missing = await tryCheckoutBranch(repo.dir, 'no-such-branch');
    expect(missing.ok).toBe(false);
    expect((await git(['status', '--porcelain'], { cwd: repo.dir })).stdout).toBe('');
  });
});
