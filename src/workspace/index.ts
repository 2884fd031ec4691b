/** The workspace stage: git, worktrees, untracked copies, setup, commits, the integration branch. */
export * from './repo.js';
export * from './git-mutex.js';
export * from './branch-names.js';
export * from './worktrees.js';
export * from './copy-untracked.js';
export * from './setup.js';
export * from './commit.js';
export * from './integration.js';
export * from './branches.js';
