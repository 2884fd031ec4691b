import { git } from './git.js';

/**
 * Moving a checkout between branches: the user's main checkout (the
 * sequential loop works there) and fixture repositories.
 */

/** Checks out an existing branch, or creates it at HEAD first (`create`). */
export async function checkoutBranch(cwd: string, branch: string, env: Record<string, string> = {}, options: { create?: boolean } = {}): Promise<void> {
  await git(['checkout', '--quiet', ...(options.create ? ['-b'] : []), branch], { cwd, env });
}

/** Checks out an existing branch; on failure, git's reason (nothing changed). */
export async function tryCheckoutBranch(cwd: string, branch: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const result = await git(['checkout', '--quiet', branch], { cwd, reject: false });
  return result.exitCode === 0 ? { ok: true } : { ok: false, reason: result.stderr.trim() };
}

/** Detaches HEAD where it is, so the branch it was on can move without this checkout. */
export async function detachHead(cwd: string): Promise<void> {
  await git(['checkout', '--quiet', '--detach'], { cwd });
}
