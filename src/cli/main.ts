/** CLI entry point; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  process.stdout.write(`ralph-wt ${argv.join(' ')}\n`);
  return 0;
}
