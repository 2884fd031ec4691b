/** Extract every version the rules need, in one extractMany call (so large change sets go to the worker pool). */
import { extractMany } from '../analysis/pool/extract-many.js';
import type { ExtractManyOptions } from '../analysis/pool/extract-many.js';
import type { FileAnalysis, SourceFile } from '../analysis/pool/types.js';
import { languageForPath } from '../analysis/languages.js';
import type { AnalysisLookup } from './reference-rule.js';
import type { Version, VersionedFiles } from './versions.js';

const VERSIONS: readonly Version[] = ['base', 'ours', 'theirs'];

export async function analyseVersions(files: VersionedFiles, paths: Iterable<string>, options: ExtractManyOptions = {}): Promise<AnalysisLookup> {
  // Identical contents are parsed once: a version a side did not touch equals base.
  const byContent = new Map<string, string>();
  const jobs: SourceFile[] = [];
  const slot = (version: Version, path: string): string => `${version}\u0000${path}`;
  const contentKey = new Map<string, string>();
  for (const path of paths) {
    if (!languageForPath(path)) continue;
    for (const version of VERSIONS) {
      const text = files.content(version, path);
      if (text === null) continue;
      const id = `${path}\u0000${text}`;
      let job = byContent.get(id);
      if (!job) {
        // The extension stays at the end of the job name, so the grammar is picked as for the real path.
        job = `${jobs.length}/${path}`;
        byContent.set(id, job);
        jobs.push({ path: job, source: text });
      }
      contentKey.set(slot(version, path), job);
    }
  }
  const results = await extractMany(jobs, options);
  return (version, path) => {
    const job = contentKey.get(slot(version, path));
    return job === undefined ? null : (results.get(job) ?? null);
  };
}

/** A version whose layout cannot be sliced into entities reliably: handled at file level instead. */
export function unusable(result: FileAnalysis | null): boolean {
  return result !== null && (result.hasErrors || result.problems.length > 0);
}
