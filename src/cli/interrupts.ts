/**
 * Ctrl-C handling for a run: the first SIGINT/SIGTERM/SIGHUP aborts (stop
 * starting stories, end running agents' process groups, write the journal);
 * a second one exits at once with 130. SIGHUP (the terminal was closed) is
 * handled like SIGTERM: by default it would end ralph-wt alone and leave the
 * agents, which run in their own process groups, editing unattended.
 */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function installInterruptHandler(onFirst: (signal: NodeJS.Signals) => void): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const handler = (signal: NodeJS.Signals): void => {
    count += 1;
    if (count === 1) {
      onFirst(signal);
      controller.abort(new Error(`received ${signal}`));
      return;
    }
    process.stderr.write('\nralph-wt: second interrupt, exiting now\n');
    process.exit(130);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    controller,
    dispose() {
      for (const signal of SIGNALS) process.off(signal, handler);
    },
  };
}
