import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A 4-d vectors file in the wink-embeddings JSON layout
 * ({"precision","l2NormIndex","wordIndex","size","dimensions","words",
 * "vectors":{word:[v…, l2norm, rank]},"unkVector"}) for fast tests: axis 0 =
 * sign-in, 1 = export, 2 = theming, 3 = a component every word shares (what
 * the `global` common-component removal must strip).
 */
export const TINY_WORDS: Record<string, [number, number, number, number]> = {
  login: [1, 0.1, 0, 0.8],
  password: [0.9, 0, 0.1, 0.8],
  email: [0.8, 0.2, 0, 0.8],
  reset: [0.7, 0.1, 0.1, 0.8],
  session: [0.9, 0, 0, 0.8],
  export: [0.1, 1, 0, 0.8],
  csv: [0, 0.9, 0.1, 0.8],
  download: [0.1, 0.8, 0, 0.8],
  spreadsheet: [0, 0.9, 0, 0.8],
  tasks: [0.2, 0.5, 0.2, 0.8],
  dark: [0, 0, 1, 0.8],
  theme: [0.1, 0, 0.9, 0.8],
  colours: [0, 0.1, 0.9, 0.8],
  toggle: [0.2, 0.1, 0.7, 0.8],
  '"': [0.5, 0.5, 0.5, 1e-7],
};

export async function writeTinyVectors(dir: string, name = 'tiny-vectors.json'): Promise<string> {
  const words = Object.keys(TINY_WORDS);
  const vectors = Object.fromEntries(
    words.map((word, rank) => {
      const v = TINY_WORDS[word] as number[];
      return [word, [...v, Math.hypot(...v), rank]];
    }),
  );
  const json = JSON.stringify({ precision: 8, l2NormIndex: 4, wordIndex: 5, size: words.length, dimensions: 4, words, vectors, unkVector: [0, 0, 0, 0, 0, -1] });
  const path = join(dir, name);
  await writeFile(path, json);
  return path;
}
