/**
 * Which stories a problem belongs to. Pure: the batch's file lists plus what an error message and the erroneous
 * line say. A merge-made type error usually sits in one story's file while the cause (a renamed function, a changed
 * signature) is in another story's file, so the error's own file is not enough to name both.
 */
import { posix } from 'node:path';
import type { ReconcileBatchStory } from './types.js';

const SOURCE_EXT = /\.(?:d\.ts|[cm]?[jt]sx?|py|pyi|rs)$/;
const INDEX_STEMS = new Set(['index', 'mod', '__init__', 'lib']);

export function allStories(batch: readonly ReconcileBatchStory[]): string[] {
  return batch.map((s) => s.storyId);
}

/** Stories whose merge changed `file`, in batch order. */
export function storiesTouching(batch: readonly ReconcileBatchStory[], file: string): string[] {
  return batch.filter((s) => s.files.includes(file)).map((s) => s.storyId);
}

/** Stories touching any of `files`, in batch order; `fallback` (all stories) when none does. */
export function storiesTouchingAny(batch: readonly ReconcileBatchStory[], files: readonly string[], fallbackToAll = true): string[] {
  const set = new Set(files);
  const hit = batch.filter((s) => s.files.some((f) => set.has(f))).map((s) => s.storyId);
  return hit.length === 0 && fallbackToAll ? allStories(batch) : hit;
}

export interface ErrorSite {
  /** Repo-relative file the error is reported in. */
  file: string;
  message: string;
  /** Source text of the erroneous line, when known. */
  lineText: string | null;
  /** Local names bound by the file's imports → module they come from, as written (`./greet.js`, `pkg.mod`, `crate::util`). */
  importSources: ReadonlyMap<string, string>;
}

/** Quoted tokens of a compiler message: '…', "…", `…` (tsc quotes module names twice: '"./a.js"'). */
export function quotedTokens(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/'([^'\n]+)'|"([^"\n]+)"|`([^`\n]+)`/g)) {
    let token = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    while (/^(['"`]).*\1$/.test(token) && token.length >= 2) token = token.slice(1, -1);
    if (token !== '') out.push(token);
  }
  return out;
}

function identifiers(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? [])];
}

function stemSegments(file: string): string[] {
  const segments = file.replace(SOURCE_EXT, '').split('/').filter((s) => s !== '');
  if (segments.length > 1 && INDEX_STEMS.has(segments[segments.length - 1] ?? '')) segments.pop();
  return segments;
}

/** Batch files a module reference may name, resolved from the file that refers to it. */
export function filesForModule(reference: string, fromFile: string, candidates: readonly string[]): string[] {
  const ref = reference.trim();
  if (ref === '') return [];
  let wanted: string[][];
  if (ref.startsWith('./') || ref.startsWith('../')) {
    // JS/TS relative specifier: resolve against the referring file.
    wanted = [stemSegments(posix.normalize(posix.join(posix.dirname(fromFile), ref)))];
  } else if (/^\.+[\w.]*$/.test(ref)) {
    // Python relative import: one dot is the current package, each further dot one level up.
    const dots = /^\.+/.exec(ref)?.[0].length ?? 1;
    let base = posix.dirname(fromFile);
    for (let i = 1; i < dots; i++) base = posix.dirname(base);
    const rest = ref.slice(dots).split('.').filter((s) => s !== '');
    wanted = [stemSegments(posix.join(base, ...rest))];
  } else {
    const segments = ref.split(/::|\.|\//).filter((s) => s !== '' && !['crate', 'self', 'super'].includes(s) && /^[\w$-]+$/.test(s));
    if (segments.length === 0) return [];
    // `crate::util::old` names an item in a module: also try without the last segment.
    wanted = segments.length > 1 ? [segments, segments.slice(0, -1)] : [segments];
    return candidates.filter((file) => {
      const stem = stemSegments(file);
      return wanted.some((w) => w.length <= stem.length && w.every((seg, i) => stem[stem.length - w.length + i] === seg));
    });
  }
  return candidates.filter((file) => wanted.some((w) => stemSegments(file).join('/') === w.join('/')));
}

/**
 * Stories implicated in a type error: those that touched its file, plus those that touched the modules the
 * message or the erroneous line refers to (through the file's imports or by a module path in the message).
 * All batch stories when nothing points anywhere.
 */
export function storiesForError(batch: readonly ReconcileBatchStory[], site: ErrorSite): string[] {
  const batchFiles = [...new Set(batch.flatMap((s) => s.files))];
  const related = new Set<string>([site.file]);
  const tokens = quotedTokens(site.message);
  const names = new Set<string>([...tokens, ...tokens.flatMap(identifiers), ...(site.lineText ? identifiers(site.lineText) : [])]);
  for (const name of names) {
    const source = site.importSources.get(name);
    if (source !== undefined) for (const f of filesForModule(source, site.file, batchFiles)) related.add(f);
  }
  for (const token of tokens) {
    // Only tokens that look like module paths: a bare word such as 'string' is a type, not a file.
    if (/::|\/|^\.|\.[A-Za-z_]/.test(token)) for (const f of filesForModule(token, site.file, batchFiles)) related.add(f);
  }
  for (const m of site.message.matchAll(/\bmodule `?([\w:]+)`?/g)) {
    for (const f of filesForModule(m[1] ?? '', site.file, batchFiles)) related.add(f);
  }
  return storiesTouchingAny(batch, [...related]);
}
