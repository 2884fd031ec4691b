import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

/** One finished story, as recorded in Ralph's append-only progress.txt. */
export interface ProgressEntry {
  storyId: string;
  title: string;
  date: Date;
  summary: string;
  filesChanged: string[];
  learnings?: string;
}

export const PROGRESS_HEADER = '# Ralph Progress Log';

/**
 * Ralph's block layout: a `## <date> - <id>: <title>` heading, bullets for what
 * was done, the files and the learnings, closed by `---`, so agents reading
 * the log in later iterations see the same shape Ralph itself writes.
 */
export function formatProgressEntry(entry: ProgressEntry): string {
  const lines = [`## ${entry.date.toISOString()} - ${entry.storyId}: ${oneLine(entry.title)}`];
  lines.push(...asBullets(entry.summary, ''));
  if (entry.filesChanged.length === 0) {
    lines.push('- Files changed: none');
  } else {
    lines.push('- Files changed:');
    lines.push(...entry.filesChanged.map((file) => `  - ${file}`));
  }
  const learnings = asBullets(entry.learnings ?? '', '  ');
  if (learnings.length > 0) {
    lines.push('- **Learnings for future iterations:**');
    lines.push(...learnings);
  }
  lines.push('---');
  return `${lines.join('\n')}\n`;
}

// Appends from stories finishing at the same moment must not overwrite each
// other: each path gets a queue, so writes land in call order.
const queues = new Map<string, Promise<void>>();

/** Append an entry to progress.txt atomically, creating it with a header if missing. */
export function appendProgress(path: string, entry: ProgressEntry): Promise<void> {
  const key = resolve(path);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(() => appendNow(key, entry));
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

async function appendNow(path: string, entry: ProgressEntry): Promise<void> {
  let existing: string | null = null;
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFileAtomic(path, withProgressEntry(existing, formatProgressEntry(entry), entry.date));
}

/**
 * The log with one more entry (already formatted): a blank line between
 * entries, and Ralph's header when there was no log yet. Pure, so merges can
 * recompute the log on any head exactly as a story's branch recorded it.
 */
export function withProgressEntry(existing: string | null, entryText: string, date: Date): string {
  const log = existing ?? `${PROGRESS_HEADER}\nStarted: ${date.toISOString()}\n---\n`;
  const separator = log === '' ? '' : log.endsWith('\n\n') ? '' : log.endsWith('\n') ? '\n' : '\n\n';
  return `${log}${separator}${entryText}`;
}

/** Each non-empty line becomes a bullet; lines already bulleted keep their marker. */
function asBullets(text: string, indent: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `${indent}${/^[-*] /.test(line) ? line : `- ${line}`}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
