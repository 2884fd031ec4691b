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

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Remembers a running group so that, if the orchestrator itself exits, its
 * detached agents do not keep running (and editing worktrees) unattended.
 */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
}

export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}
