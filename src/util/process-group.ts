/**
 * Process-group signalling. Agents start test runners and dev servers that
 * outlive a plain `child.kill()`, so every agent and gate runs as the leader
 * of its own group and is always stopped as a group.
 */

/** Sends `signal` to every process in the group led by `pid`; false if the group is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Told of every group started and ended, so a record survives the
 * orchestrator: after a `kill -9` no exit hook runs, and the next run must
 * find (and stop) agents that kept going.
 */
export interface GroupObserver {
  started(pid: number, cwd: string): void;
  ended(pid: number): void;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;
let observer: GroupObserver | null = null;

/** Installs (or, with null, removes) the observer of groups started from now on. */
export function observeGroups(next: GroupObserver | null): void {
  observer = next;
}

/**
 * Remembers a running group so that, if the orchestrator itself exits, its
 * detached agents do not keep running (and editing worktrees) unattended.
 */
export function trackGroup(pid: number, cwd = ''): void {
  liveGroups.add(pid);
  observer?.started(pid, cwd);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
  observer?.ended(pid);
}
