/**
 * Which type checker to run, chosen by what the repository has. The user's `reconcile.typecheck` commands replace
 * detection. A checker that applies but is not installed is reported as missing, never fetched (no npx, no pip).
 */
import { join } from 'node:path';
import { findTool } from './find-tool.js';
import { pathExists } from '../util/path-exists.js';

export type CheckerName = 'tsc' | 'mypy' | 'cargo' | 'custom';

export type CheckerPlan =
  | { kind: 'run'; name: CheckerName; label: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: 'missing'; name: CheckerName; label: string; marker: string; looked: string[] };

const TS_MARKER = 'tsconfig.json';
const PY_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'mypy.ini'] as const;
const CARGO_MARKER = 'Cargo.toml';

/** Top-level files whose presence makes a type checker apply. */
export const CHECKER_MARKERS: readonly string[] = [TS_MARKER, ...PY_MARKERS, CARGO_MARKER];

export interface DetectOptions {
  dir: string;
  /** The main checkout: a fresh worktree has no node_modules / .venv of its own. */
  repoRoot: string;
  /** Where `cargo check` may keep its build cache, outside the worktree. */
  cargoTargetDir: string;
  /** User commands (`reconcile.typecheck`), run with `sh -c`. */
  userCommands: readonly string[];
  pathEnv?: string;
}

export async function detectCheckers(options: DetectOptions): Promise<CheckerPlan[]> {
  const { dir, repoRoot } = options;
  if (options.userCommands.length > 0) {
    return options.userCommands.map((command) => ({ kind: 'run', name: 'custom', label: command, command: 'sh', args: ['-c', command], env: {} }));
  }
  const roots = [...new Set([dir, repoRoot])];
  const plans: CheckerPlan[] = [];

  if (await pathExists(join(dir, TS_MARKER))) {
    const local = roots.map((root) => join(root, 'node_modules', '.bin', 'tsc'));
    const tsc = await findTool('tsc', local, options.pathEnv);
    plans.push(
      tsc
        ? { kind: 'run', name: 'tsc', label: 'tsc --noEmit -p .', command: tsc, args: ['--noEmit', '--pretty', 'false', '-p', '.'], env: {} }
        : { kind: 'missing', name: 'tsc', label: 'tsc', marker: TS_MARKER, looked: [...local, 'PATH'] },
    );
  }

  const pyMarker = await firstExisting(dir, PY_MARKERS);
  if (pyMarker) {
    const venvs = roots.flatMap((root) => [join(root, '.venv', 'bin', 'mypy'), join(root, 'venv', 'bin', 'mypy')]);
    const mypy = await findTool('mypy', venvs, options.pathEnv);
    plans.push(
      mypy
        ? { kind: 'run', name: 'mypy', label: 'mypy .', command: mypy, args: ['--no-color-output', '--no-error-summary', '.'], env: {} }
        : { kind: 'missing', name: 'mypy', label: 'mypy', marker: pyMarker, looked: [...venvs, 'PATH'] },
    );
  }

  if (await pathExists(join(dir, CARGO_MARKER))) {
    const cargo = await findTool('cargo', [], options.pathEnv);
    plans.push(
      cargo
        ? {
            kind: 'run',
            name: 'cargo',
            label: 'cargo check',
            command: cargo,
            // --offline: a reconciliation must not fetch crates; the shared target dir keeps builds incremental.
            args: ['check', '--quiet', '--message-format', 'short', '--offline'],
            env: { CARGO_TARGET_DIR: options.cargoTargetDir, CARGO_TERM_COLOR: 'never' },
          }
        : { kind: 'missing', name: 'cargo', label: 'cargo', marker: CARGO_MARKER, looked: ['PATH'] },
    );
  }
  return plans;
}

async function firstExisting(dir: string, names: readonly string[]): Promise<string | null> {
  for (const name of names) if (await pathExists(join(dir, name))) return name;
  return null;
}
