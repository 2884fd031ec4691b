import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { formatJson, writeFileAtomic } from '../util/atomic-write.js';
import { InputError, errorMessage } from '../util/errors.js';
import { newStoryRecord, type JournalData, type StoryRecord } from './types.js';
import { asJournalData, asStoryRecord } from './validate.js';
import { failpoint } from '../util/failpoint.js';

/** state.json could not be read, and neither could its backup. */
export class JournalCorruptError extends InputError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`run journal ${path} is corrupt (${detail}) and so is its backup; delete it (or run \`ralph-wt clean\`) to start over`);
    this.name = 'JournalCorruptError';
  }
}

export interface CreateJournalInit {
  runId: string;
  prdPath: string;
  integrationBranch: string;
  /** Absolute dir of the run's story worktrees. */
  worktreeBase?: string;
  storyIds: readonly string[];
  startedAt?: number;
  /** Records from the run being resumed, kept as they were so a crash right after create loses nothing. */
  carryOver?: Readonly<Record<string, StoryRecord>>;
}

export interface LoadedFrom {
  /** 'backup' when state.json was unreadable and `state.json.bak` was used. */
  source: 'primary' | 'backup';
  /** Why the primary copy was rejected (only for 'backup'). */
  problem: string | null;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parse(text: string): JournalData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid JSON: ${errorMessage(error)}`);
  }
  return asJournalData(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The run journal. Changes apply to memory at once (in call order) and are
 * written by one serial writer, each write an atomic rename, so concurrent
 * updates never interleave and a crash leaves the last complete state. The
 * previously written state is kept as `state.json.bak` as a second line of
 * defence against a file damaged outside our control.
 */
export class Journal {
  readonly path: string;
  readonly loadedFrom: LoadedFrom;
  #data: JournalData;
  /** Exact text of the last successful write (or of the file we loaded). */
  #lastWritten: string | null;
  #writes: Promise<void> = Promise.resolve();

  private constructor(path: string, data: JournalData, lastWritten: string | null, loadedFrom: LoadedFrom) {
    this.path = path;
    this.#data = data;
    this.#lastWritten = lastWritten;
    this.loadedFrom = loadedFrom;
  }

  /** `<ralphDir>/state.json`. */
  static pathIn(ralphDirPath: string): string {
    return join(ralphDirPath, 'state.json');
  }

  static backupPath(path: string): string {
    return `${path}.bak`;
  }

  /** The journal at path; null if there is none; falls back to the .bak copy if state.json is damaged. */
  static async load(path: string): Promise<Journal | null> {
    const text = await readIfPresent(path);
    if (text === null) return null;
    let problem: string;
    try {
      return new Journal(path, parse(text), text, { source: 'primary', problem: null });
    } catch (error) {
      problem = errorMessage(error);
    }
    const backupText = await readIfPresent(Journal.backupPath(path));
    if (backupText === null) throw new JournalCorruptError(path, `${problem}; no backup`);
    try {
      // lastWritten stays null: the next write must not copy the damaged file over the good backup.
      return new Journal(path, parse(backupText), null, { source: 'backup', problem });
    } catch (error) {
      throw new JournalCorruptError(path, `${problem}; backup: ${errorMessage(error)}`);
    }
  }

  /** A new journal with every story queued, written to disk before it is returned (replaces any old one). */
  static async create(path: string, init: CreateJournalInit): Promise<Journal> {
    const now = init.startedAt ?? Date.now();
    const stories: Record<string, StoryRecord> = {};
    for (const id of init.storyIds) stories[id] = init.carryOver?.[id] ? clone(init.carryOver[id]) : newStoryRecord();
    const data: JournalData = {
      version: 1,
      runId: init.runId,
      prdPath: init.prdPath,
      integrationBranch: init.integrationBranch,
      ...(init.worktreeBase !== undefined ? { worktreeBase: init.worktreeBase } : {}),
      startedAt: now,
      updatedAt: now,
      stories,
    };
    // A backup left by an earlier run must never be mistaken for this run's state.
    await rm(Journal.backupPath(path), { force: true });
    const journal = new Journal(path, data, null, { source: 'primary', problem: null });
    await journal.#enqueueWrite();
    return journal;
  }

  /** A deep copy of the current (possibly not yet written) state. */
  snapshot(): JournalData {
    return clone(this.#data);
  }

  story(storyId: string): StoryRecord | undefined {
    const record = this.#data.stories[storyId];
    return record ? clone(record) : undefined;
  }

  /**
   * Store a story's record (the story machine's snapshot, whole) and persist.
   * Resolves once a write containing it is on disk. Unknown ids throw (use
   * addStory), and so does an invalid record; either way nothing changes.
   * Status changes are the machine's (scheduler/story-machine.ts): the journal
   * only keeps what it is given.
   */
  put(storyId: string, record: StoryRecord): Promise<void> {
    if (!this.#data.stories[storyId]) return Promise.reject(new Error(`journal has no story "${storyId}"`));
    try {
      asStoryRecord(record);
    } catch (error) {
      return Promise.reject(new Error(`invalid journal record for "${storyId}": ${errorMessage(error)}`));
    }
    this.#data.stories[storyId] = clone(record);
    this.#data.updatedAt = Date.now();
    return this.#enqueueWrite();
  }

  /** Resolves when every write requested so far has finished. */
  flushed(): Promise<void> {
    return this.#writes;
  }

  #enqueueWrite(): Promise<void> {
    const write = this.#writes.then(() => this.#flush());
    // A failed write rejects its own caller but must not block later writes.
    this.#writes = write.catch(() => undefined);
    return write;
  }

  async #flush(): Promise<void> {
    const content = formatJson(this.#data);
    // Several queued updates coalesce: the first flush writes them all.
    if (content === this.#lastWritten) return;
    if (this.#lastWritten !== null) {
      await writeFileAtomic(Journal.backupPath(this.path), this.#lastWritten);
      failpoint('during-journal-write');
    }
    await writeFileAtomic(this.path, content);
    this.#lastWritten = content;
  }
}
