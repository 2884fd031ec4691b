/**
 * Type errors that were already there before a batch of merges: most real
 * repositories carry some, and blaming them on the batch would fail every
 * run. The baseline is what the checkers reported at the commit the batch
 * started from; a diagnostic counts as new only beyond the number of equal
 * ones (same checker, file, code and message — not line, which the batch may
 * shift) already reported there.
 */
import type { Diagnostic } from './typecheck-parse.js';

/** Diagnostics per checker label. */
export type DiagnosticsByChecker = ReadonlyMap<string, readonly Diagnostic[]>;

function keyOf(d: Diagnostic): string {
  return JSON.stringify([d.file, d.code, d.message]);
}

/** Splits `now` into diagnostics already counted in `before` and new ones (first come first matched). */
export function splitByBaseline(now: readonly Diagnostic[], before: readonly Diagnostic[]): { old: Diagnostic[]; fresh: Diagnostic[] } {
  const left = new Map<string, number>();
  for (const d of before) left.set(keyOf(d), (left.get(keyOf(d)) ?? 0) + 1);
  const old: Diagnostic[] = [];
  const fresh: Diagnostic[] = [];
  for (const d of now) {
    const key = keyOf(d);
    const count = left.get(key) ?? 0;
    if (count > 0) {
      left.set(key, count - 1);
      old.push(d);
    } else fresh.push(d);
  }
  return { old, fresh };
}

/**
 * What the type checkers reported at the last commit reconciled, carried from
 * batch to batch, so each batch is compared with the head it was merged onto
 * and the base's own errors are reported once per run, not blamed.
 */
export class TypecheckBaseline {
  #commit: string | null = null;
  #diagnostics: DiagnosticsByChecker = new Map();
  #reported = false;

  /** The diagnostics at `commit`, when that is the commit last remembered. */
  at(commit: string): DiagnosticsByChecker | null {
    return this.#commit === commit ? this.#diagnostics : null;
  }

  remember(commit: string, diagnostics: DiagnosticsByChecker): void {
    this.#commit = commit;
    this.#diagnostics = diagnostics;
  }

  /** True the first time only: the base's errors are reported once. */
  takeReport(): boolean {
    const first = !this.#reported;
    this.#reported = true;
    return first;
  }
}
