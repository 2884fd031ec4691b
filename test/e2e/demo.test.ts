import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BIN, GIT_ENV, parseEvents } from '../helpers/cli.js';

describe('ralph-wt demo', () => {
  it('runs the fixture PRD in parallel: every story merged, a same-file conflict entity-merged, one merge commit per story', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ralph-demo-'));
    try {
      const result = await execa('node', [BIN, 'demo', '--json', '--dir', dir], { env: { ...GIT_ENV, CI: 'true' }, reject: false, stdin: 'ignore' });
      expect(result.exitCode).toBe(0);
      const summary = parseEvents(String(result.stdout)).find((e) => e.type === 'summary');
      expect(summary?.type === 'summary' && summary.summary.stories.passed).toBe(6);
      expect(summary?.type === 'summary' && summary.summary.conflicts.byMethod.entity).toBeGreaterThanOrEqual(1);
      const log = await execa('git', ['log', '--merges', '--format=%s', 'ralph/demo-shop'], { cwd: join(dir, 'demo-shop') });
      expect(log.stdout.split('\n')).toHaveLength(6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000); // the whole demo: six agents, merges and reconciliation; slow only on a loaded machine
});
