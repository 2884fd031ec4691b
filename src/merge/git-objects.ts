import { execa } from 'execa';

/**
 * Exact-content object access. The general git wrapper trims the final
 * newline of stdout (right for messages, wrong for file contents), so blobs
 * and trees are read and written here with no trimming.
 */

const ENV = { LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };

/** Content of blob `oid`, byte-exact, as UTF-8 text. */
export async function readBlob(cwd: string, oid: string): Promise<string> {
  const { stdout } = await execa('git', ['cat-file', 'blob', oid], { cwd, env: ENV, stripFinalNewline: false, stdin: 'ignore' });
  return stdout;
}

/** Content of `path` at `rev`, byte-exact; null when it does not exist there. */
export async function readFileAt(cwd: string, rev: string, path: string): Promise<string | null> {
  const result = await execa('git', ['cat-file', 'blob', `${rev}:${path}`], { cwd, env: ENV, stripFinalNewline: false, stdin: 'ignore', reject: false });
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
  const { stdout } = await execa('git', ['cat-file', '--batch'], {
    cwd,
    env: ENV,
    input: `${specs.join('\n')}\n`,
    encoding: 'buffer',
    stripFinalNewline: false,
  });
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
