/**
 * Crash injection for the fault-injection suite: when RALPH_WT_FAILPOINT names
 * this point, the process kills itself with SIGKILL right here — no cleanup,
 * no finally blocks, exactly like `kill -9` or a power cut at that moment.
 * Unset (always, outside tests) it costs one env lookup.
 */
export function failpoint(name: FailpointName): void {
  if (process.env['RALPH_WT_FAILPOINT'] === name) process.kill(process.pid, 'SIGKILL');
}

export type FailpointName =
  | 'after-worktree-add'
  | 'after-agent'
  | 'before-commit'
  | 'before-ref-update'
  | 'after-ref-update'
  | 'during-reconcile'
  | 'during-journal-write';
