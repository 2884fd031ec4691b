/**
 * `targetFiles` globs are matched against repo-relative paths. An absolute
 * pattern, or one whose `..` segments climb above the root, can never match
 * and usually means the author pasted a path from another machine.
 */
export function targetPatternProblem(pattern: string): string | null {
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body.startsWith('/') || body.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(body)) {
    return `"${pattern}" is an absolute path; use a glob relative to the repository root`;
  }
  let depth = 0;
  for (const segment of body.split('/')) {
    if (segment === '..') depth -= 1;
    // `**` may match no directory at all, so it cannot protect a later `..`.
    else if (segment !== '' && segment !== '.' && segment !== '**') depth += 1;
    if (depth < 0) return `"${pattern}" points outside the repository`;
  }
  return null;
}

/** `./src/*.ts` → `src/*.ts`, so globs compare equal to git's paths. */
export function normaliseTargetPattern(pattern: string): string {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  while (body.startsWith('./')) body = body.slice(2);
  return negated ? `!${body}` : body;
}
