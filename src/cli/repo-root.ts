import { InputError } from '../util/errors.js';
import { repoRoot as findRepoRoot } from '../workspace/git.js';

/** The repository root containing dir, or an InputError saying ralph-wt needs a git repository. */
export async function gitRepoRootOf(dir: string): Promise<string> {
  try {
    return await findRepoRoot(dir);
  } catch {
    throw new InputError(`${dir} is not inside a git repository: ralph-wt commits each story, so run \`git init\` and make a first commit`);
  }
}
