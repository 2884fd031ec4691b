
/** `reconcile: remove 3 duplicate imports, format 2 files` */
export function trivialFixMessage(duplicates: number, formatted: number): string {
  const parts: string[] = [];
  if (duplicates > 0) parts.push(`remove ${duplicates} duplicate import${duplicates === 1 ? '' : 's'}`);
  if (formatted > 0) parts.push(`format ${formatted} file${formatted === 1 ? '' : 's'}`);
  return `reconcile: ${parts.length > 0 ? parts.join(', ') : 'fix trivial issues'}`;
}
