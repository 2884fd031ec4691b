/**
 * The git port: every operation ralph-wt asks of git, by name, with typed
 * inputs and parsed outputs. The command lines live in the modules below
 * (and only there); how git is run — one process per call, through the git
 * host, or over a long-lived object stream — is theirs to decide. Callers
 * outside src/workspace import operations, never the raw runner (a test
 * holds them to it). docs/git-port.md describes the internals.
 */

// The repository and its refs.
export { currentBranch, gitCommonDir, hasCommits, isClean, isValidBranchName, mergeBase, refExists, repoRoot, revParse } from './git.js';
export { GitError, gitVersion, supportsMergeTreeWriteTree, supportsWorktrees } from './git.js';
export { commitSubject, createRef, deleteRef, deleteRefOrThrow, deleteRefsAt, forceBranch, historyGraph, isAncestor, isBranchNameAccepted, refsUnder, refTipsUnder, updateRefCas } from './refs.js';
export { createBranchIfMissing, commitTree, ensureBranch, readRef, updateRefWithBackup, BranchCheckedOutError, RefConflictError } from './integration.js';
export { deleteBranch, listBranches } from './branches.js';
export { enforceHead, snapshotBranches } from './head-guard.js';

// Worktrees.
export { addDetachedWorktree, createWorktree, discardWorktreeDir, leftoverWorktreeDirs, listWorktrees, pruneStaleWorktrees, putBranchOnWorktree, removeWorktree, repairInterruptedWorktrees } from './worktrees.js';
export { addCheckedOutWorktree, forceCheckoutDetached, forceRemoveWorktree, moveWorktree, pruneWorktrees, removeUntracked, unlockWorktree } from './worktree-commands.js';
export { checkoutBranch, detachHead, tryCheckoutBranch } from './checkout.js';

// A checkout's files and index; commits.
export { changedSince, commitPaths, isTracked, modifiedFiles, projectFiles, resetTo, restoreFromIndex, trackedFiles, unmergedPaths, unstage, workingTreeStatus } from './working-tree.js';
export { untrackedFiles } from './untracked-files.js';
export { changedFilesBetween, commitAll, identityEnv, stageAll } from './commit.js';
export { checkoutNewBranch, commitEverything, initRepository, mergeNoFastForward } from './history.js';

// Objects: reading, merging, writing.
export { readBlob, readBlobsAt, readFileAt, readFilesAt } from './git-objects.js';
export { mergeTrees } from './merge-tree.js';
export { mergeFileVersions } from './merge-file.js';
export { makeTree, topLevelRecords, treeWithChanges, writeBlobs } from './tree-objects.js';
export { TreeWriter } from './tree-writer.js';
