import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Summary } from '../../src/events/types.js';
import { AGENT_ARGS, EXPLICIT_ONLY, invocations, makeRepo, prdFor, runCli, type TestRepo } from '../helpers/cli.js';

let repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.map((r) => r.cleanup()));
  repos = [];
});

/**
 * A quality gate that logs when it ran; slow (800 ms) on a merge result holding
 * several stories' files, quick in a story's own worktree — so the merge lane
 * is where the time goes and stories queue for it.
 */
const GATE = `
import { appendFileSync, readdirSync } from 'node:fs';
const start = Date.now();
let stories = 0;
try { stories = readdirSync('stories').length; } catch {}
const merge = stories > 1;
setTimeout(() => appendFileSync(process.argv[2], JSON.stringify({ start, end: Date.now(), merge }) + '\\n'), merge ? 800 : 150);
`;

interface GateRun {
  start: number;
  end: number;
  merge: boolean;
}

describe('the summary’s time figures', () => {
  it('estimates a sequential run from agent time and per-story overhead, not from time spent waiting for the merge lane', async () => {
    const ids = ['US-1', 'US-2', 'US-3', 'US-4'];
    const repo = await makeRepo({}, prdFor(ids.map((id) => ({ id }))), {
      '*': { delayMs: 400, write: { 'stories/{id}.txt': '{title}\n' }, complete: true },
    });
    repos.push(repo);
    const root = dirname(repo.dir);
    const gateLog = join(root, 'gates.jsonl');
    await writeFile(join(root, 'gate.mjs'), GATE);

    const before = performance.now();
    const result = await runCli(repo, [
      'run', '--parallel', '--max-concurrency', '4', '--json', '--gate', `node ${join(root, 'gate.mjs')} ${gateLog}`, ...AGENT_ARGS, ...EXPLICIT_ONLY,
    ]);
    const outerMs = performance.now() - before;
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const summaryEvent = result.events.find((e) => e.type === 'summary');
    if (summaryEvent?.type !== 'summary') throw new Error('no summary event');
    const summary: Summary = summaryEvent.summary;

    // Measured outside ralph-wt: the agents' own start/end and the gates' own start/end.
    const calls = await invocations(repo);
    const agentMs = ids
      .map((id) => (calls.find((c) => c.storyId === id && c.event === 'end')?.at ?? NaN) - (calls.find((c) => c.storyId === id && c.event === 'start')?.at ?? NaN))
      .reduce((a, b) => a + b, 0);
    const gates = (await readFile(gateLog, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as GateRun);
    const storyGatesMs = gates.filter((g) => !g.merge).reduce((a, g) => a + g.end - g.start, 0);
    const mergeGatesMs = gates.filter((g) => g.merge).reduce((a, g) => a + g.end - g.start, 0);
    expect(mergeGatesMs).toBeGreaterThanOrEqual(3 * 800);

    // Seen in the event stream (each line's ts): per story, from its start until it joined the
    // merge lane, and how long it then spent there (waiting for the lane, and merging).
    const ts = (type: string, id: string, phase?: string): number => {
      const line = result.events.find((e) => e.type === type && 'storyId' in e && e.storyId === id && (phase === undefined || (e.type === 'story:phase' && e.phase === phase)));
      return (line as { ts?: number } | undefined)?.ts ?? NaN;
    };
    const beforeMergeMs = ids.reduce((a, id) => a + ts('story:phase', id, 'merging') - ts('story:started', id), 0);
    const inMergeLaneMs = ids.reduce((a, id) => a + ts('story:done', id) - ts('story:phase', id, 'merging'), 0);
    expect(inMergeLaneMs).toBeGreaterThanOrEqual(mergeGatesMs);

    // The estimate is start-up + agent time + setup/gates/commit: at least what the agents and
    // gates themselves took …
    const { startupMs, agentMs: measuredAgentMs, overheadMs } = summary.timing;
    expect(summary.sequentialEstimateMs).toBe(startupMs + measuredAgentMs + overheadMs);
    expect(measuredAgentMs).toBeGreaterThanOrEqual(agentMs - 50);
    expect(overheadMs).toBeGreaterThanOrEqual(storyGatesMs - 50);
    // … and none of the merge lane, where these stories spent 2.4 s of gates plus the waiting.
    expect(summary.sequentialEstimateMs - startupMs).toBeLessThanOrEqual(beforeMergeMs + 100);
    expect(summary.timeSavedMs).toBe(Math.max(0, summary.sequentialEstimateMs - summary.wallMs));

    // Wall time counts from the process start: about what was measured around the process.
    expect(summary.wallMs).toBeGreaterThanOrEqual(outerMs - 1000);
    expect(summary.wallMs).toBeLessThanOrEqual(outerMs);
    expect(startupMs).toBeGreaterThan(0);
    expect(startupMs).toBeLessThan(summary.wallMs);
  }, 120_000);
});
