import { STORY_STATES, type JournalData, type StoryRecord, type StoryState } from './types.js';

/** Structural check of a parsed state.json; returns the first problem found, or null. */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';
const nullableNumber = (value: unknown): boolean => value === null || (typeof value === 'number' && Number.isFinite(value));

function isConflictReason(value: unknown): boolean {
  return isObject(value) && typeof value.file === 'string' && nullableString(value.entity) && typeof value.reason === 'string';
}

export function isStoryState(value: unknown): value is StoryState {
  return typeof value === 'string' && (STORY_STATES as readonly string[]).includes(value);
}

function storyProblem(id: string, record: unknown): string | null {
  if (!isObject(record)) return `stories["${id}"] is not an object`;
  if (!isStoryState(record.state)) return `stories["${id}"].state is not one of ${STORY_STATES.join(', ')}`;
  for (const key of ['branch', 'worktree', 'commit', 'mergedCommit', 'logFile', 'reason'] as const) {
    if (!nullableString(record[key])) return `stories["${id}"].${key} must be a string or null`;
  }
  for (const key of ['startedAt', 'finishedAt'] as const) {
    if (!nullableNumber(record[key])) return `stories["${id}"].${key} must be a number or null`;
  }
  if (typeof record.attempts !== 'number' || !Number.isInteger(record.attempts) || record.attempts < 0) {
    return `stories["${id}"].attempts must be a non-negative integer`;
  }
  if (record.scopeDrift !== undefined && !(Array.isArray(record.scopeDrift) && record.scopeDrift.every((f) => typeof f === 'string'))) {
    return `stories["${id}"].scopeDrift must be a list of strings`;
  }
  if (record.conflicts !== undefined && !(Array.isArray(record.conflicts) && record.conflicts.every(isConflictReason))) {
    return `stories["${id}"].conflicts must be a list of { file, entity, reason }`;
  }
  return null;
}

export function journalProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a JSON object';
  if (value.version !== 1) return `unsupported version ${JSON.stringify(value.version)} (expected 1)`;
  for (const key of ['runId', 'prdPath', 'integrationBranch'] as const) {
    if (typeof value[key] !== 'string') return `${key} must be a string`;
  }
  for (const key of ['startedAt', 'updatedAt'] as const) {
    if (typeof value[key] !== 'number') return `${key} must be a number`;
  }
  if (value.worktreeBase !== undefined && typeof value.worktreeBase !== 'string') return 'worktreeBase must be a string';
  if (!isObject(value.stories)) return 'stories must be an object';
  for (const [id, record] of Object.entries(value.stories)) {
    const problem = storyProblem(id, record);
    if (problem) return problem;
  }
  return null;
}

/** Narrow a parsed value, or throw with the problem. */
export function asJournalData(value: unknown): JournalData {
  const problem = journalProblem(value);
  if (problem) throw new Error(problem);
  return value as JournalData;
}

export function asStoryRecord(value: unknown): StoryRecord {
  const problem = storyProblem('?', value);
  if (problem) throw new Error(problem);
  return value as StoryRecord;
}
