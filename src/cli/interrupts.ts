/**
 * Ctrl-C handling for a run: the first SIGINT/SIGTERM aborts (stop starting
 * stories, end running agents' process groups, write the journal); a second
 * one exits at once with 130.
 */
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
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    controller,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
