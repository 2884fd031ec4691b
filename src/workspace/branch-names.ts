import { createHash } from 'node:crypto';
import { InputError } from '../util/errors.js';

/**
 * Names for everything ralph-wt creates in git and on disk. Story ids come
 * from prd.json (untrusted text), so each is reduced to one safe ref
 * component; whenever that reduction loses information a hash of the
 * original id is appended, so two distinct ids never share a branch.
 */

/** Top-level namespace for story branches: `ralph-wt/<prd-slug>/<story>`. */
export const BRANCH_PREFIX = 'ralph-wt';
/** Backup refs live outside refs/heads so they never show up as branches. */
export const BACKUP_REF_PREFIX = 'refs/ralph-wt/backup';

const SAFE = /^[A-Za-z0-9._-]+$/;
/** Body length before the hash suffix; keeps paths well under filesystem limits. */
const MAX_BODY = 64;
const HASH_LENGTH = 10;
/** What a hash suffix looks like; an id that already ends like this is hashed too. */
const HASH_SUFFIX = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`);
/** `HEAD` is not a valid branch name; the others are reserved device names on Windows. */
const RESERVED = /^(HEAD|con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

function shortHash(text: string, length = HASH_LENGTH): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/** Strip characters and sequences git forbids in a ref component (or that a shell or CLI would misread). */
function scrub(input: string): string {
  return (
    input
      // Decompose accents so "é" keeps its "e" rather than becoming "-".
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/-{2,}/g, '-')
      // A leading '-' reads as an option; a leading '.' is forbidden in refs.
      .replace(/^[.-]+/, '')
      // Trailing '.' is forbidden; trailing '-' is merely ugly.
      .replace(/[.-]+$/, '')
      // A component may not end in ".lock" (git's lock-file suffix).
      .replace(/\.lock$/i, '-lock')
  );
}

/**
 * A valid, safe, single ref component (and directory name) for any input.
 * The result matches /^[A-Za-z0-9._-]+$/, has no `..`, does not start with
 * `-` or `.`, does not end with `.` or `.lock`, and is at most
 * MAX_BODY + 11 characters, and is never `HEAD` or a Windows device name.
 * Inputs that are already safe come back
 * unchanged; any other input gets `-<10 hex of sha256(input)>` appended.
 */
export function sanitizeRefComponent(input: string): string {
  const cleaned = scrub(input);
  const unchanged =
    cleaned === input && input.length <= MAX_BODY && SAFE.test(input) && !HASH_SUFFIX.test(input) && !RESERVED.test(input);
  if (unchanged) return input;
  const body = cleaned.slice(0, MAX_BODY).replace(/[.-]+$/, '');
  const hash = shortHash(input);
  return body === '' ? `id-${hash}` : `${body}-${hash}`;
}

/** Lowercase slug for readable names; information loss is covered by a hash. */
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A per-PRD namespace: `<project>-<branch>` slugged, truncated, plus 6 hex of
 * the exact pair so two PRDs in one repo never share story branches. Never
 * contains `--` (used as a separator for conflict refs).
 */
export function prdSlug(project: string, branchName: string): string {
  const readable = slugify(`${project}-${branchName}`).slice(0, 40).replace(/-+$/, '');
  const hash = shortHash(`${project}\n${branchName}`, 6);
  return readable === '' ? `prd-${hash}` : `${readable}-${hash}`;
}

/** Directory name for a story's worktree and logs (same rules as its branch). */
export function storyDirName(storyId: string): string {
  return sanitizeRefComponent(storyId);
}

/** `ralph-wt/<prd-slug>/`: the namespace of a PRD's story branches. */
export function storyBranchPrefix(prdSlugValue: string): string {
  return `${BRANCH_PREFIX}/${prdSlugValue}/`;
}

/** `ralph-wt/<prd-slug>/<story>`: the branch a story's agent works on. */
export function storyBranchName(prdSlugValue: string, storyId: string): string {
  return `${BRANCH_PREFIX}/${prdSlugValue}/${sanitizeRefComponent(storyId)}`;
}

/**
 * `ralph-wt/<prd-slug>--conflicts/<story>-<n>`: a kept copy of a story's work
 * whose merge conflicted. It sits beside the story namespace, not inside it,
 * so a story whose id is "conflicts" cannot collide with the directory; `<n>`
 * is the attempt number, and the last `-` separates it unambiguously.
 */
export function conflictRefName(prdSlugValue: string, storyId: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`conflict number must be a non-negative integer, got ${n}`);
  return `${BRANCH_PREFIX}/${prdSlugValue}--conflicts/${sanitizeRefComponent(storyId)}-${n}`;
}

/** `refs/ralph-wt/backup/<prd-slug>/<label>`: where a ref's previous value is kept before it moves. */
export function backupRefName(prdSlugValue: string, label: string): string {
  return `${BACKUP_REF_PREFIX}/${prdSlugValue}/${sanitizeRefComponent(label)}`;
}

/**
 * Refuse an integration branch that lives inside (or is) our branch
 * namespace: git cannot hold both `ralph-wt` and `ralph-wt/x/y`, and story
 * branches could overwrite it.
 */
export function assertIntegrationBranchAllowed(integrationBranch: string): void {
  const lower = integrationBranch.toLowerCase();
  if (lower === BRANCH_PREFIX || lower.startsWith(`${BRANCH_PREFIX}/`)) {
    const suggestion = `ralph/${integrationBranch.slice(BRANCH_PREFIX.length + 1) || 'feature'}`;
    throw new InputError(
      `branchName "${integrationBranch}" is inside the "${BRANCH_PREFIX}/" namespace that ralph-wt uses for story branches; ` +
        `choose another branchName (e.g. "${suggestion}")`,
    );
  }
}

/**
 * Refuse story ids that map to the same name ignoring case: on macOS and
 * Windows refs and directories are case-insensitive, so "US-1" and "us-1"
 * would share a branch file and a worktree.
 */
export function assertDistinctStoryNames(storyIds: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const id of storyIds) {
    const key = sanitizeRefComponent(id).toLowerCase();
    const other = seen.get(key);
    if (other !== undefined && other !== id) {
      throw new InputError(
        `story ids "${other}" and "${id}" differ only in letter case; on case-insensitive filesystems they would share a branch and a worktree`,
      );
    }
    seen.set(key, id);
  }
}
