/** Reading the three FileVersions maps: a path a side did not change has its base content there. */
import type { DetectInput, Side } from './types.js';

export type Version = 'base' | Side;

export class VersionedFiles {
  private readonly changed: Record<Side, ReadonlySet<string>>;

  constructor(private readonly input: DetectInput) {
    this.changed = { ours: new Set(input.changedOurs), theirs: new Set(input.changedTheirs) };
  }

  changedBy(side: Side): ReadonlySet<string> {
    return this.changed[side];
  }

  /** Paths changed on both sides, sorted. */
  changedOnBoth(): string[] {
    return [...this.changed.ours].filter((p) => this.changed.theirs.has(p)).sort();
  }

  content(version: Version, path: string): string | null {
    if (version === 'base') return this.input.base.get(path) ?? null;
    if (!this.changed[version].has(path)) return this.content('base', path);
    const map = version === 'ours' ? this.input.ours : this.input.theirs;
    return map.get(path) ?? null;
  }
}
