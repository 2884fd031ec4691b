import { git, gitBytes } from '../workspace/git.js';

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
  if (specs.length === 0) return [];
  // The batch protocol is line-based: a path with a newline is read on its own.
  if (specs.some((spec) => spec.includes('\n'))) {
    return Promise.all(specs.map((spec) => readFileAt(cwd, spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1))));
  }
  const { stdout } = await gitBytes(['cat-file', '--batch'], { cwd, input: `${specs.join('\n')}\n` });
  const out: (string | null)[] = [];
  let offset = 0;
  for (let i = 0; i < specs.length; i += 1) {
    const newline = stdout.indexOf(10, offset);
    const header = Buffer.from(stdout.subarray(offset, newline)).toString('utf8');
    offset = newline + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      out.push(null);
      continue;
    }
    const size = Number(match[2]);
    out.push(match[1] === 'blob' ? Buffer.from(stdout.subarray(offset, offset + size)).toString('utf8') : null);
    offset += size + 1;
  }
  return out;
}
