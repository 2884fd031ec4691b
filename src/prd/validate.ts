import { InputError } from '../util/errors.js';
import { compileSchema, type SchemaCheck } from './compile-schema.js';
import { formatFieldPath } from './describe-ajv-error.js';
import { isRecord } from './is-record.js';
import { PRD_SCHEMA } from './schema.js';
import { normaliseTargetPattern, targetPatternProblem } from './target-pattern.js';
import type { ParallelSettings, Prd, UserStory } from './types.js';
import {
  CONFLICT_STRATEGY_WORDS,
  INFERENCE_MODE_WORDS,
  MAX_CONCURRENCY_RULE,
  isMaxConcurrency,
  normaliseConflictStrategy,
  normaliseInferenceMode,
} from './vocabulary.js';

let checkSchema: SchemaCheck | null = null;

/**
 * Check a parsed prd.json and return the typed, normalised PRD. Every problem
 * found is reported in one InputError, one `file: problem` line each.
 */
export function validatePrdObject(raw: unknown, file: string): Prd {
  const problems = findPrdProblems(raw);
  if (problems.length > 0) {
    throw new InputError(problems.map((problem) => `${file}: ${problem}`).join('\n'));
  }
  return buildPrd(raw as RawPrd);
}

/** All structural and semantic problems of a parsed prd.json, in plain words. */
export function findPrdProblems(raw: unknown): string[] {
  checkSchema ??= compileSchema(PRD_SCHEMA);
  const problems = checkSchema(raw).map(({ path, reason }) => {
    const where = describeLocation(raw, path);
    return where === '' ? reason : `${where}: ${reason}`;
  });
  if (isRecord(raw)) {
    problems.push(...storyReferenceProblems(raw['userStories']));
    problems.push(...parallelValueProblems(raw['parallel']));
  }
  return problems;
}

function storyReferenceProblems(stories: unknown): string[] {
  if (!Array.isArray(stories)) return [];
  const problems: string[] = [];
  const firstIndexOfId = new Map<string, number>();
  stories.forEach((story, index) => {
    const id = isRecord(story) ? story['id'] : undefined;
    if (typeof id !== 'string' || id === '') return;
    const first = firstIndexOfId.get(id);
    if (first === undefined) firstIndexOfId.set(id, index);
    else problems.push(`story "${id}" is defined more than once (userStories[${first}] and userStories[${index}])`);
  });

  stories.forEach((story, index) => {
    if (!isRecord(story)) return;
    const label = storyLabel(stories, index);
    const ownId = story['id'];
    for (const dependency of stringsIn(story['dependsOn'])) {
      if (dependency === ownId) problems.push(`${label} field "dependsOn": a story cannot depend on itself`);
      else if (dependency !== '' && !firstIndexOfId.has(dependency)) {
        problems.push(`${label} field "dependsOn": unknown story id "${dependency}"`);
      }
    }
    for (const pattern of stringsIn(story['targetFiles'])) {
      const problem = pattern === '' ? null : targetPatternProblem(pattern);
      if (problem !== null) problems.push(`${label} field "targetFiles": ${problem}`);
    }
  });
  return problems;
}

function parallelValueProblems(parallel: unknown): string[] {
  if (!isRecord(parallel)) return [];
  const problems: string[] = [];
  const { maxConcurrency, conflictStrategy, inferenceMode } = parallel;
  if (maxConcurrency !== undefined && !isMaxConcurrency(maxConcurrency)) {
    problems.push(`field "parallel.maxConcurrency": must be ${MAX_CONCURRENCY_RULE}, got ${JSON.stringify(maxConcurrency)}`);
  }
  if (typeof conflictStrategy === 'string' && normaliseConflictStrategy(conflictStrategy) === null) {
    problems.push(`field "parallel.conflictStrategy": must be one of ${CONFLICT_STRATEGY_WORDS}, got "${conflictStrategy}"`);
  }
  if (typeof inferenceMode === 'string' && normaliseInferenceMode(inferenceMode) === null) {
    problems.push(`field "parallel.inferenceMode": must be one of ${INFERENCE_MODE_WORDS}, got "${inferenceMode}"`);
  }
  return problems;
}

/** Name a schema location the way a PRD author thinks of it: by story id, then field. */
function describeLocation(raw: unknown, path: Array<string | number>): string {
  const [first, second, ...rest] = path;
  if (first === 'userStories' && typeof second === 'number' && isRecord(raw) && Array.isArray(raw['userStories'])) {
    const label = storyLabel(raw['userStories'], second);
    return rest.length === 0 ? label : `${label} field "${formatFieldPath(rest)}"`;
  }
  return path.length === 0 ? '' : `field "${formatFieldPath(path)}"`;
}

function storyLabel(stories: unknown[], index: number): string {
  const story = stories[index];
  const id = isRecord(story) ? story['id'] : undefined;
  return typeof id === 'string' && id !== '' ? `story "${id}"` : `story at userStories[${index}]`;
}

/** The shape PRD_SCHEMA guarantees, before vocabulary normalisation. */
interface RawPrd {
  project: string;
  branchName: string;
  description: string;
  userStories: RawStory[];
  parallel?: RawParallel;
}

/** A story as the schema admits it: already the UserStory shape, before `targetFiles` are normalised. */
type RawStory = UserStory;

interface RawParallel {
  enabled?: boolean;
  maxConcurrency?: unknown;
  conflictStrategy?: string;
  inferenceMode?: string;
  similarityThreshold?: number;
  weights?: { files?: number; similarity?: number };
  autoCeiling?: number;
}

/** Copy only the known fields, so the typed PRD never aliases the raw object. */
function buildPrd(raw: RawPrd): Prd {
  const prd: Prd = {
    project: raw.project,
    branchName: raw.branchName,
    description: raw.description,
    userStories: raw.userStories.map(buildStory),
  };
  if (raw.parallel !== undefined) prd.parallel = buildParallel(raw.parallel);
  return prd;
}

function buildStory(raw: RawStory): UserStory {
  const story: UserStory = {
    id: raw.id,
    title: raw.title,
    description: raw.description,
    acceptanceCriteria: [...raw.acceptanceCriteria],
    priority: raw.priority,
    passes: raw.passes,
  };
  if (raw.notes !== undefined) story.notes = raw.notes;
  if (raw.dependsOn !== undefined) story.dependsOn = [...new Set(raw.dependsOn)];
  if (raw.targetFiles !== undefined) story.targetFiles = raw.targetFiles.map(normaliseTargetPattern);
  return story;
}

function buildParallel(raw: RawParallel): ParallelSettings {
  const parallel: ParallelSettings = {};
  if (raw.enabled !== undefined) parallel.enabled = raw.enabled;
  if (isMaxConcurrency(raw.maxConcurrency)) parallel.maxConcurrency = raw.maxConcurrency;
  const conflictStrategy = raw.conflictStrategy === undefined ? null : normaliseConflictStrategy(raw.conflictStrategy);
  if (conflictStrategy !== null) parallel.conflictStrategy = conflictStrategy;
  const inferenceMode = raw.inferenceMode === undefined ? null : normaliseInferenceMode(raw.inferenceMode);
  if (inferenceMode !== null) parallel.inferenceMode = inferenceMode;
  if (raw.similarityThreshold !== undefined) parallel.similarityThreshold = raw.similarityThreshold;
  if (raw.weights !== undefined) parallel.weights = { ...raw.weights };
  if (raw.autoCeiling !== undefined) parallel.autoCeiling = raw.autoCeiling;
  return parallel;
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
