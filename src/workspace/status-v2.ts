/**
 * `git status --porcelain=v2 --branch -z`: the commit HEAD is at and every path
 * with changes (staged, unstaged, unmerged, untracked), in one process. Pure.
 */

export interface WorkingTreeStatus {
  /** HEAD's commit, or null on an unborn branch. */
  head: string | null;
  /** Paths with any change, in git's order (a rename's old path too). */
  paths: string[];
}

/** Fields before the path, per entry type: the path may itself contain spaces. */
const FIELDS_BEFORE_PATH: Readonly<Record<string, number>> = { '1': 8, '2': 9, u: 10, '?': 1, '!': 1 };

export function parseStatusV2(stdout: string): WorkingTreeStatus {
  const records = stdout.split('\0');
  let head: string | null = null;
  const paths: string[] = [];
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i] ?? '';
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      head = oid === '(initial)' ? null : oid;
      continue;
    }
    const skip = FIELDS_BEFORE_PATH[record.slice(0, 1)];
    if (skip === undefined || record[1] !== ' ') continue;
    paths.push(afterFields(record, skip));
    // A rename or copy is followed by its original path as a record of its own.
    if (record.startsWith('2 ')) {
      i += 1;
      const original = records[i];
      if (original) paths.push(original);
    }
  }
  return { head, paths };
}

function afterFields(record: string, count: number): string {
  let at = 0;
  for (let n = 0; n < count; n += 1) at = record.indexOf(' ', at) + 1;
  return record.slice(at);
}
