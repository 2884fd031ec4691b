import { InputError } from '../util/errors.js';
import { branchNameProblem } from './branch-name.js';
import { compileSchema, type SchemaCheck } from './compile-schema.js';
import { formatFieldPath } from './describe-ajv-error.js';
import { isRecord } from './is-record.js';
import { otherSchemaProblem } from './other-schema.js';
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
 * Planning compares every pair of stories (similarity, file overlap), so its
 * cost grows with the square of the count: ≈ 2 min for 5,000 stories on a
 * loaded 2-core machine, hours for 100,000. Beyond this a PRD is refused
 * with a clear message rather than left to exhaust memory.
 */
export const MAX_STORIES = 5000;

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
  if (isRecord(raw)) {
    const alone = otherSchemaProblem(raw) ?? tooManyStoriesProblem(raw['userStories']);
    if (alone !== null) return [alone];
  }
  checkSchema ??= compileSchema(PRD_SCHEMA);
  const problems = checkSchema(raw).map(({ path, reason }) => {
    const where = describeLocation(raw, path);
    return where === '' ? reason : `${where}: ${reason}`;
  });
  if (isRecord(raw)) {
    problems.push(...projectNameProblems(raw));
    problems.push(...branchNameProblems(raw['branchName']));
    problems.push(...storyReferenceProblems(raw['userStories']));
    problems.push(...parallelValueProblems(raw['parallel']));
  }
  return problems;
}

function tooManyStoriesProblem(stories: unknown): string | null {
  if (!Array.isArray(stories) || stories.length <= MAX_STORIES) return null;
  return `field "userStories": ${stories.length} stories; ralph-wt plans at most ${MAX_STORIES} per prd.json (planning compares every pair of stories): split it into several PRDs`;
}

/** Ralph calls the project `project`, ralph-tui `name`; either will do. */
function projectNameProblems(raw: Record<string, unknown>): string[] {
  if (raw['project'] !== undefined || raw['name'] !== undefined) return []; // a wrong type is the schema's to report
  return ['field "project": is required (or "name", as ralph-tui writes it)'];
}

function branchNameProblems(branchName: unknown): string[] {
  if (typeof branchName !== 'string' || branchName === '') return []; // the schema reports those
  const problem = branchNameProblem(branchName);
  return problem === null ? [] : [`field "branchName": ${JSON.stringify(branchName)} is not a valid git branch name: ${problem}`];
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

/** The shape PRD_SCHEMA (and projectNameProblems) guarantee, before defaults and vocabulary normalisation. */
interface RawPrd {
  project?: string;
  name?: string;
  branchName: string;
  description?: string;
  userStories: RawStory[];
  parallel?: RawParallel;
}

/** A story as the schema admits it: only `id` and `title` are sure to be there. */
interface RawStory {
  id: string;
  title: string;
  description?: string;
  acceptanceCriteria?: string[];
  priority?: number;
  passes?: boolean;
  notes?: string;
  dependsOn?: string[];
  targetFiles?: string[];
}

interface RawParallel {
  enabled?: boolean;
  maxConcurrency?: unknown;
  conflictStrategy?: string;
  inferenceMode?: string;
  similarityThreshold?: number;
  weights?: { files?: number; similarity?: number };
  autoCeiling?: number;
}

/**
 * Copy only the known fields, so the typed PRD never aliases the raw object,
 * and fill what the Ralph family leaves out. The defaults live only in the
 * typed PRD: the file is rewritten from the raw object, so none is written back.
 */
function buildPrd(raw: RawPrd): Prd {
  const project = raw.project ?? raw.name ?? '';
  const prd: Prd = {
    project,
    branchName: raw.branchName,
    description: raw.description ?? project,
    userStories: raw.userStories.map(buildStory),
  };
  if (raw.parallel !== undefined) prd.parallel = buildParallel(raw.parallel);
  return prd;
}

/** A missing priority is the story's place in the file (1-based), so file order decides among them. */
function buildStory(raw: RawStory, index: number): UserStory {
  const story: UserStory = {
    id: raw.id,
    title: raw.title,
    description: raw.description ?? raw.title,
    acceptanceCriteria: [...(raw.acceptanceCriteria ?? [])],
    priority: raw.priority ?? index + 1,
    passes: raw.passes ?? false,
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
