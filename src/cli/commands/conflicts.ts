import { detectBranchConflicts } from '../../conflicts/branches.js';
import { formatConflictReport } from '../../conflicts/format.js';
import type { ConflictStrategy } from '../../prd/types.js';
import { CONFLICT_STRATEGY_WORDS, normaliseConflictStrategy } from '../../prd/vocabulary.js';
import { InputError } from '../../util/errors.js';
import { repoRoot } from '../../workspace/git.js';
import type { ConflictsFlags } from './conflicts-options.js';

export { conflictsCommandBuilder, type ConflictsFlags } from './conflicts-options.js';

function parseStrategy(value: string | undefined): ConflictStrategy {
  if (value === undefined) return 'entity';
  const strategy = normaliseConflictStrategy(value);
  if (strategy === null) throw new InputError(`--strategy must be one of ${CONFLICT_STRATEGY_WORDS}, got "${value}"`);
  return strategy;
}

/** `ralph-wt conflicts`: exit 0 without conflicts, 1 with conflicts, 2 (InputError) on bad input. Read-only. */
export async function conflictsCommand(flags: ConflictsFlags, cwd: string, out: { write(text: string): unknown } = process.stdout): Promise<number> {
  const strategy = parseStrategy(flags.strategy);
  const top = await repoRoot(cwd).catch(() => null);
  if (top === null) throw new InputError(`${cwd} is not inside a git repository`);
  const report = await detectBranchConflicts(top, flags.branchA, flags.branchB, {
    strategy,
    sameEntity: flags.sameEntity,
    ...(flags.base !== undefined ? { base: flags.base } : {}),
  });
  out.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatConflictReport(report));
  return report.conflicts.length > 0 ? 1 : 0;
}
