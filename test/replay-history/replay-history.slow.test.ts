import { benchReplayHistory } from '../../bench/replay-history.js';

/**
 * Zero data loss: the first 7 commits of the deterministic fixture history, replayed as 7 stories in parallel
 * (entity merge, sequential fallback), must leave the integration branch with exactly the last commit's tree.
 * The 7 include one function edited twice in lines far apart (R-01, R-05: the merge lane must not keep git's clean
 * line merge blindly) and a function appended after another one appended earlier (R-07 needs R-04).
 */
describe('history replay', () => {
  it('replays 7 commits in parallel and ends with the last commit\'s tree', async () => {
    const result = await benchReplayHistory({ sources: ['fixture'], commits: 7, sequential: false, withoutDependsOn: false });
    const [history] = result.histories;
    expect(history).toBeDefined();
    if (!history) return;
    expect(history.stories).toBe(7);
    expect(history.dependsOn).toEqual(['R-07 <- R-04']);
    expect(history.parallel.failures).toEqual([]);
    expect(history.parallel.differingFiles).toEqual([]);
    expect(history.parallel.treeMatches).toBe(true);
    expect(history.parallel.passed).toBe(7);
    expect(history.parallel.merges).toBe(7);
    expect(history.zeroDataLoss).toBe(true);
  }, 300_000);
});
