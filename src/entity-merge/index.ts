export type { ConflictBox, ConflictInfo, ConflictKind, MergeInput, MergeLabels, MergeOptions, MergeOutcome, MergeStatus, Piece } from './types.js';
export { mergeEntities } from './merge.js';
export { formatConflictMarkers, hasConflictMarkers, sideOfConflicts, describeConflict, MARKER_OURS, MARKER_BASE, MARKER_SEPARATOR, MARKER_THEIRS } from './markers.js';
export { lineMerge } from './line-merge.js';
export type { LineMergeResult } from './line-merge.js';
export { mergeFileBuffers, FileMergeError } from './merge-files.js';
export type { FileMergeRequest, FileMergeResponse } from './merge-files.js';
export { gitMergeFile } from './git-merge-file.js';
export type { GitMergeFileInput, GitMergeFileResult } from './git-merge-file.js';
