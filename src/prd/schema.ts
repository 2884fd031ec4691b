/**
 * JSON schema for the structure of prd.json. It checks shapes and types only;
 * value domains that need a better message than ajv's (vocabularies,
 * `maxConcurrency`, references between stories, paths) are checked in
 * validate.ts. Unknown keys are allowed at the top level and in stories so
 * PRDs carrying other tools' fields load and round-trip unchanged.
 */
const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/**
 * Required is what every tool of the Ralph family writes: a story's `id` and
 * `title`. The rest is defaulted in validate.ts (ralph-tui's minimal stories
 * carry only id, title, passes and dependsOn; the Rust ralph makes
 * description and acceptanceCriteria optional).
 */
export const STORY_SCHEMA = {
  type: 'object',
  required: ['id', 'title'],
  properties: {
    id: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    description: { type: 'string' },
    acceptanceCriteria: { type: 'array', items: { type: 'string' } },
    priority: { type: 'integer' },
    passes: { type: 'boolean' },
    notes: { type: 'string' },
    dependsOn: stringList,
    targetFiles: stringList,
  },
} as const;

/** The `parallel` block is ours alone, so an unknown key there is most likely a typo. */
export const PARALLEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    maxConcurrency: {},
    conflictStrategy: { type: 'string' },
    inferenceMode: { type: 'string' },
    similarityThreshold: { type: 'number', minimum: 0, maximum: 1 },
    weights: {
      type: 'object',
      additionalProperties: false,
      properties: {
        files: { type: 'number', minimum: 0 },
        similarity: { type: 'number', minimum: 0 },
      },
    },
    autoCeiling: { type: 'integer', minimum: 1 },
  },
} as const;

export const PRD_SCHEMA = {
  type: 'object',
  // `project` (Ralph) or `name` (ralph-tui): one of them is required, checked in validate.ts.
  required: ['branchName', 'userStories'],
  properties: {
    project: { type: 'string' },
    name: { type: 'string' },
    branchName: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    userStories: { type: 'array', items: STORY_SCHEMA },
    parallel: PARALLEL_SCHEMA,
  },
} as const;
