import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';
import type { RalphRun } from './run-ralph.js';

export const FIXTURE_DIR = join(ROOT, 'test', 'fixtures', 'agent-streams');

export function recording(): boolean {
  return process.env['RECORD_AGENT_STREAMS'] === '1';
}

/**
 * The agent's stdout JSON lines per invocation, from the story log: ralph-wt
 * writes a `# <time> agent=<name> $ <argv>` header before each invocation,
 * then the agent's output lines. Non-JSON lines (stderr text) are dropped.
 */
export function invocationsFromLog(log: string): string[][] {
  const invocations: string[][] = [];
  let current: string[] | null = null;
  for (const line of log.split('\n')) {
    if (/^# \S+ agent=/.test(line)) {
      current = [];
      invocations.push(current);
      continue;
    }
    if (current === null || !line.trimStart().startsWith('{')) continue;
    try {
      JSON.parse(line);
      current.push(line);
    } catch {
      // a stderr line that merely starts with "{"
    }
  }
  return invocations;
}

/**
 * With RECORD_AGENT_STREAMS=1, saves what the real CLI printed in this case
 * to test/fixtures/agent-streams/<agent>/<case>.jsonl (one invocation) or
 * <case>.<n>.jsonl (several, n from 1), for the replay tests of `npm test`.
 * Returns the files written (none when not recording).
 */
export async function recordAgentStream(run: RalphRun, agent: string, caseName: string): Promise<string[]> {
  if (!recording()) return [];
  const invocations = (await run.storyLogs()).flatMap(invocationsFromLog);
  const dir = join(FIXTURE_DIR, agent);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [i, lines] of invocations.entries()) {
    const path = join(dir, invocations.length === 1 ? `${caseName}.jsonl` : `${caseName}.${i + 1}.jsonl`);
    await writeFile(path, lines.map((line) => `${line}\n`).join(''));
    written.push(path);
  }
  return written;
}
