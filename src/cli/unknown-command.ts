/**
 * `ralph-wt stauts` is parsed as the default command (`run`) with a stray
 * positional, and yargs says "Unknown argument: stauts". When that word is
 * the first one on the line, the user meant a command: say so, and name the
 * closest one. Pure.
 */

/** Edit distance counting a swap of two neighbours as one edit (the commonest typo), for short words. */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** The usage message for yargs' `message`, reworded when the unknown argument is a mistyped command. */
export function explainUnknownCommand(message: string, argv: readonly string[], commands: readonly string[]): string {
  const word = argv[0];
  if (word === undefined || word.startsWith('-') || message !== `Unknown argument: ${word}`) return message;
  const ranked = commands.map((name) => ({ name, far: distance(word.toLowerCase(), name) })).sort((x, y) => x.far - y.far);
  const best = ranked[0];
  // Within a third of the word's length: a typo, not a different word.
  const near = best !== undefined && best.far <= Math.max(1, Math.floor(word.length / 3));
  return `unknown command "${word}"${near ? ` — did you mean \`ralph-wt ${best.name}\`?` : ''}`;
}
