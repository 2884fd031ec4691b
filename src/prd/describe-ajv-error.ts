import type { ErrorObject } from 'ajv';

/**
 * Turn one ajv error into a `(path, reason)` pair in plain words. The path is
 * a list of keys and indexes; callers decide how to name it (story id, rc key).
 */
export interface SchemaProblem {
  path: Array<string | number>;
  reason: string;
}

export function describeAjvError(error: ErrorObject): SchemaProblem {
  const path = parseInstancePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params['missingProperty'])], reason: 'is required' };
    case 'additionalProperties':
      return { path: [...path, String(params['additionalProperty'])], reason: 'is not a known key' };
    case 'type':
      return { path, reason: `must be ${describeType(params['type'])}` };
    case 'minLength':
      return { path, reason: params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters` };
    case 'minimum':
      return { path, reason: `must be at least ${String(params['limit'])}` };
    case 'maximum':
      return { path, reason: `must be at most ${String(params['limit'])}` };
    case 'enum':
      return { path, reason: `must be one of ${describeList(params['allowedValues'])}` };
    default:
      return { path, reason: error.message ?? `fails the "${error.keyword}" rule` };
  }
}

/** `/userStories/2/targetFiles/0` → ['userStories', 2, 'targetFiles', 0] (JSON Pointer unescaped). */
export function parseInstancePath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** ['parallel', 'weights', 'files'] → `parallel.weights.files`; indexes as `[n]`. */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((name) => TYPE_WORDS[String(name)] ?? String(name)).join(' or ');
}

function describeList(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(', ') : String(values);
}
