/** "3.5s", "250ms", "19h23m50s" → ms. */
export function parseDelay(text: string): number | null {
  const sizes: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let found = false;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|h|m|s)/gi)) {
    const size = sizes[(part[2] ?? '').toLowerCase()];
    if (size === undefined) continue;
    total += Number(part[1]) * size;
    found = true;
  }
  return found ? total : null;
}
