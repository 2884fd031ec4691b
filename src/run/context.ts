import type { AgentAdapter } from '../agent/types.js';
import type { Settings } from '../config/types.js';
import type { EventBus } from '../events/bus.js';
import type { LoadedPrd } from '../prd/types.js';
import type { GitMutex } from '../workspace/git-mutex.js';

/** Everything one run needs, passed down explicitly instead of living in globals. */
export interface RunContext {
  runId: string;
  repoRoot: string;
  /** `<git common dir>/ralph-wt`: worktrees, logs, journal, cache. */
  ralphDir: string;
  logDir: string;
  prd: LoadedPrd;
  /** prd.json path relative to the repo root, POSIX separators. */
  prdRel: string;
  /** progress.txt path relative to the repo root (sibling of prd.json, as in Ralph). */
  progressRel: string;
  /** Whether prd.json is tracked by git: if so its updates are committed with each story. */
  prdTracked: boolean;
  progressTracked: boolean;
  settings: Settings;
  /** The similarity threshold the user set anywhere, or null to use the embedder's own default. */
  userSimilarityThreshold: number | null;
  bus: EventBus;
  adapter: AgentAdapter;
  gitMutex: GitMutex;
  /** Aborted on Ctrl-C: stops new work and ends running agents. */
  signal: AbortSignal;
}
