/** Lines a branch added or rewrote relative to base (1-based line numbers in the branch's version). */
import { diffIndices } from 'node-diff3';

export function newLines(base: string | null, side: string): Set<number> {
  const sideLines = side.split('\n');
  const out = new Set<number>();
  if (base === null) {
    sideLines.forEach((_, i) => out.add(i + 1));
    return out;
  }
  for (const hunk of diffIndices(base.split('\n'), sideLines)) {
    const [offset, length] = hunk.buffer2;
    for (let i = 0; i < length; i++) out.add(offset + i + 1);
  }
  return out;
}
