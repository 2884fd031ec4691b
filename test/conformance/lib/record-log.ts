import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURE_DIR, invocationsFromLog, recording } from './record.js';

/**
 * recordAgentStream for a case driven through runAgent directly (no story
 * log): with RECORD_AGENT_STREAMS=1, the JSON lines of the agent's log file
 * go to test/fixtures/agent-streams/<agent>/<case>.jsonl.
 */
export async function recordLog(logFile: string, agent: string, caseName: string): Promise<string | null> {
  if (!recording()) return null;
  const lines = invocationsFromLog(await readFile(logFile, 'utf8')).flat();
  const dir = join(FIXTURE_DIR, agent);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${caseName}.jsonl`);
  await writeFile(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}
