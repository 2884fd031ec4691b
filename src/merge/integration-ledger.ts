import { benchWithout } from '../workspace/bench-switches.js';

/**
 * What the run itself wrote to the integration branch, remembered so the
 * merge lane does not ask git again: the head it last moved the branch to,
 * and for each of its commits the paths it may have changed (relative to
 * its first parent) and the orchestrator files' contents there.
 *
 * Pure bookkeeping, no I/O. Every answer is "known" or "ask git": a commit
 * not made by this run (someone moved the branch, a resumed run) simply
 * breaks the chain, and the compare-and-swap ref update still guards every
 * move, so a stale head costs one retry, never a wrong merge.
 */

export interface LedgerEntry {
  /** First parent: the integration head the commit was made on. */
  parent: string;
  /** Paths that may differ from the parent (a superset is safe; a missing path is not). */
  changed: readonly string[];
  /** Orchestrator files' contents in this commit (null = absent); paths not listed are unknown. */
  contents: ReadonlyMap<string, string | null>;
}

/** Chains longer than this are not walked: asking git is cheaper than trusting a long memory. */
const MAX_CHAIN = 10_000;

export class IntegrationLedger {
  #head: string | null = null;
  readonly #entries = new Map<string, LedgerEntry>();
  readonly #absent: ReadonlySet<string>;

  /** `absent`: paths no commit of the run holds (an untracked prd.json / progress.txt). */
  constructor(absent: readonly string[] = []) {
    this.#absent = new Set(absent);
  }

  /** The head this run last set, or null when unknown (start, or after someone else moved it). */
  get head(): string | null {
    return benchWithout('ledger') ? null : this.#head;
  }

  /** The branch is at `commit` (read from git): nothing else is learned. */
  observe(commit: string): void {
    this.#head = commit;
  }

  /** Contents of files at a commit the run did not make (read once from git): the chain still ends there. */
  learn(commit: string, contents: ReadonlyMap<string, string | null>): void {
    if (!this.#entries.has(commit)) this.#entries.set(commit, { parent: '', changed: [], contents });
  }

  /** The run moved the branch to `commit`, made on `entry.parent`. */
  record(commit: string, entry: LedgerEntry): void {
    this.#entries.set(commit, entry);
    this.#head = commit;
  }

  /** The branch is not where we thought (a ref update lost its compare-and-swap). */
  forget(): void {
    this.#head = null;
  }

  /**
   * Paths that may differ between `base` and `head`, when every commit on
   * the first-parent chain from head back to base was made by this run;
   * null otherwise (then diff with git).
   */
  changedBetween(base: string, head: string): string[] | null {
    if (benchWithout('ledger')) return null;
    const paths = new Set<string>();
    let at = head;
    for (let steps = 0; at !== base; steps += 1) {
      const entry = this.#entries.get(at);
      if (!entry || steps >= MAX_CHAIN) return null;
      for (const path of entry.changed) paths.add(path);
      at = entry.parent;
    }
    return [...paths].sort();
  }

  /** Paths that may differ between `commit` and its first parent, when this run made it. */
  changedIn(commit: string): string[] | null {
    if (benchWithout('ledger')) return null;
    const entry = this.#entries.get(commit);
    // A learned commit (parent '') was not made by the run: what it changed is unknown.
    return entry && entry.parent !== '' ? [...entry.changed] : null;
  }

  /**
   * Content of an orchestrator file at `commit` (null = absent), or undefined
   * when not known. A commit that did not change the path has its parent's.
   */
  contentAt(commit: string, path: string): string | null | undefined {
    if (this.#absent.has(path)) return null;
    if (benchWithout('ledger')) return undefined;
    let at = commit;
    for (let steps = 0; steps < MAX_CHAIN; steps += 1) {
      const entry = this.#entries.get(at);
      if (!entry) return undefined;
      if (entry.contents.has(path)) return entry.contents.get(path) ?? null;
      if (entry.changed.includes(path)) return undefined;
      at = entry.parent;
    }
    return undefined;
  }
}
