/** Which lines a branch's edit of one file touched, on either side of the diff (1-based line numbers). */
import { diffIndices } from 'node-diff3';

/** Lines a branch added or rewrote relative to base (numbers in the branch's version). */
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

/** Base lines a branch removed or rewrote (numbers in base; every line when the branch deleted the file). */
export function oldLines(base: string, side: string | null): Set<number> {
  const baseLines = base.split('\n');
  const out = new Set<number>();
  if (side === null) {
    baseLines.forEach((_, i) => out.add(i + 1));
    return out;
  }
  for (const hunk of diffIndices(baseLines, side.split('\n'))) {
    const [offset, length] = hunk.buffer1;
    for (let i = 0; i < length; i++) out.add(offset + i + 1);
  }
  return out;
}
