/** Reconciliation of the integration branch after each batch of merges. */
export { reconcile } from './reconcile.js';
export { countIssues } from './types.js';
export type { ReconcileBatchStory, ReconcileIssue, ReconcileIssueKind, ReconcileOptions, ReconcileResult } from './types.js';
export { dedupeImports, type DedupeResult, type DuplicateImport } from './dedupe-imports.js';
export { findConflictMarkers } from './markers.js';
export { parseTsc, parseMypy, parseCargo, parseAny, type Diagnostic } from './typecheck-parse.js';
export { storiesForError } from './blame.js';
