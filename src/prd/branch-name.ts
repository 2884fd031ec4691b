/**
 * Why `name` cannot be a git branch, or null when it can: the rules of
 * `git check-ref-format --branch`, checked here so `validate` catches a bad
 * branchName before a run creates anything (and without a git process).
 * An `@{-N}` expression is refused: git would read it as "the N-th branch
 * checked out before", not as a name.
 */
export function branchNameProblem(name: string): string | null {
  if (name === '') return 'must not be empty';
  if (name.startsWith('-')) return 'must not start with "-"';
  if (name === 'HEAD') return 'must not be "HEAD"';
  if (name.includes('@{')) return 'must not contain "@{" (git reads @{…} as a reflog or previous-branch expression)';
  const bad = forbiddenCharacter(name);
  if (bad !== null) return `must not contain ${bad}`;
  if (name.includes('..')) return 'must not contain ".."';
  if (name.startsWith('/') || name.endsWith('/')) return 'must not start or end with "/"';
  if (name.includes('//')) return 'must not contain "//"';
  if (name.endsWith('.')) return 'must not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `no "/"-separated part may start with "." ("${part}")`;
    if (part.endsWith('.lock')) return `no "/"-separated part may end with ".lock" ("${part}")`;
  }
  return null;
}

/** Characters git never allows in a ref name. */
const FORBIDDEN: Readonly<Record<string, string>> = {
  ' ': 'a space',
  '~': '"~"',
  '^': '"^"',
  ':': '":"',
  '?': '"?"',
  '*': '"*"',
  '[': '"["',
  '\\': '"\\"',
};

function forbiddenCharacter(name: string): string | null {
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    const word = FORBIDDEN[char];
    if (word !== undefined) return word;
  }
  return null;
}
