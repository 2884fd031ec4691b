import { git, gitBytes } from './git.js';
import type { AnswerParser } from './git-stream.js';

/**
 * Exact-content object access: file contents keep their final newline
 * (messages have it trimmed), and batches are read as bytes.
 */

/** Content of blob `oid`, byte-exact, as UTF-8 text. */
export async function readBlob(cwd: string, oid: string): Promise<string> {
  const { stdout } = await git(['cat-file', 'blob', oid], { cwd, keepFinalNewline: true });
  return stdout;
}

/** Content of `path` at `rev`, byte-exact; null when it does not exist there. */
export async function readFileAt(cwd: string, rev: string, path: string): Promise<string | null> {
  const result = await git(['cat-file', 'blob', `${rev}:${path}`], { cwd, keepFinalNewline: true, reject: false });
  return result.exitCode === 0 ? result.stdout : null;
}

/**
 * Several `rev:path` contents in one `git cat-file --batch` process (one
 * process instead of one per file: merges read four or five of these).
 * Missing objects map to null.
 */
export async function readFilesAt(cwd: string, specs: readonly string[]): Promise<(string | null)[]> {
  return (await readBlobsAt(cwd, specs)).map((bytes) => (bytes === null ? null : bytes.toString('utf8')));
}

/** Like readFilesAt, as bytes. `signal` ends the read (Ctrl-C while a large blob streams in). */
export async function readBlobsAt(cwd: string, specs: readonly string[], signal?: AbortSignal): Promise<(Buffer | null)[]> {
  if (specs.length === 0) return [];
  const cancel = signal ? { signal } : {};
  // The batch protocol is line-based: a path with a newline is read on its own.
  if (specs.some((spec) => spec.includes('\n'))) {
    return Promise.all(
      specs.map(async (spec) => {
        const result = await gitBytes(['cat-file', 'blob', spec], { cwd, reject: false, ...cancel });
        return result.exitCode === 0 ? result.stdout : null;
      }),
    );
  }
  const { stdout } = await gitBytes(['cat-file', '--batch'], { cwd, input: `${specs.join('\n')}\n`, ...cancel });
  const answers = batchAnswers(specs.length)(stdout);
  if (!answers) throw new Error(`git cat-file --batch answered ${stdout.length} bytes, short of ${specs.length} objects`);
  return blobsOf(answers.value);
}

/** A blob that was not read because it is larger than the reader asked for. */
export interface OversizedBlob {
  oversized: number;
}

/**
 * Like readBlobsAt for readers of text: a blob larger than `maxBytes` is not
 * read at all (its size comes back instead), so a 300 MB asset costs one
 * line of `--batch-check`, not seconds of reading it into memory.
 */
export async function readBlobsUpTo(cwd: string, specs: readonly string[], maxBytes: number, signal?: AbortSignal): Promise<(Buffer | OversizedBlob | null)[]> {
  if (specs.length === 0) return [];
  const sizes = await blobSizes(cwd, specs, signal);
  const wanted = specs.filter((_, i) => { const size = sizes[i]; return size !== null && size !== undefined && size <= maxBytes; });
  const read = await readBlobsAt(cwd, wanted, signal);
  let next = 0;
  return sizes.map((size) => {
    if (size === null || size === undefined) return null;
    if (size > maxBytes) return { oversized: size };
    return read[next++] ?? null;
  });
}

/** Each spec's blob size; null for a missing object or one that is not a blob. */
async function blobSizes(cwd: string, specs: readonly string[], signal?: AbortSignal): Promise<(number | null)[]> {
  const cancel = signal ? { signal } : {};
  if (specs.some((spec) => spec.includes('\n'))) {
    return Promise.all(
      specs.map(async (spec) => {
        const type = await git(['cat-file', '-t', spec], { cwd, reject: false, ...cancel });
        if (type.exitCode !== 0 || type.stdout.trim() !== 'blob') return null;
        return Number((await git(['cat-file', '-s', spec], { cwd, ...cancel })).stdout.trim());
      }),
    );
  }
  const { stdout } = await git(['cat-file', '--batch-check'], { cwd, input: `${specs.join('\n')}\n`, ...cancel });
  // One line per spec: `<oid> <type> <size>`, or `<spec> missing` (`ambiguous`, ...).
  return stdout.split('\n').slice(0, specs.length).map((line) => {
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(line);
    return match && match[1] === 'blob' ? Number(match[2]) : null;
  });
}

/** Blob contents; null for anything else (missing, a tree, a submodule's commit). */
export function blobsOf(objects: readonly BatchObject[]): (Buffer | null)[] {
  return objects.map((object) => (object.type === 'blob' ? object.content : null));
}

export interface BatchObject {
  /** `blob`, `tree`, …, or `missing` for a name that resolves to no object. */
  type: string;
  content: Buffer;
}

/**
 * One `git cat-file --batch` answer at the front of `buffer` —
 * `<oid> <type> <size>\n<content>\n`, or a one-line `<name> missing` — and
 * how many bytes it took; null while it is incomplete.
 */
export const batchAnswer: AnswerParser<BatchObject> = (buffer) => {
  const end = buffer.indexOf(10);
  if (end === -1) return null;
  const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(buffer.subarray(0, end).toString('utf8'));
  if (!match) return { value: { type: 'missing', content: Buffer.alloc(0) }, consumed: end + 1 };
  const size = Number(match[2]);
  if (buffer.length < end + 1 + size + 1) return null;
  return { value: { type: match[1] as string, content: buffer.subarray(end + 1, end + 1 + size) }, consumed: end + 1 + size + 1 };
};

/** `count` consecutive `cat-file --batch` answers (one request of several lines). */
export function batchAnswers(count: number): AnswerParser<BatchObject[]> {
  return (buffer) => {
    const values: BatchObject[] = [];
    let consumed = 0;
    while (values.length < count) {
      const answer = batchAnswer(buffer.subarray(consumed));
      if (!answer) return null;
      values.push(answer.value);
      consumed += answer.consumed;
    }
    return { value: values, consumed };
  };
}
