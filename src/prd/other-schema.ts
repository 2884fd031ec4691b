import { isRecord } from './is-record.js';

/**
 * The one problem to report when a JSON object is not a prd.json of the
 * Ralph family at all (a ralph-tui `tasks` file, a wrapped `{"prd": …}`,
 * another tool's format): listing every missing field would bury the point.
 * Null when the object has a `userStories` key (its own problems, if any,
 * are then reported field by field).
 */
export function otherSchemaProblem(raw: Record<string, unknown>): string | null {
  if (Object.hasOwn(raw, 'userStories')) return null;
  const keys = Object.keys(raw);
  const found = keys.length === 0 ? 'an empty object' : `the top-level keys ${keys.slice(0, 8).map((key) => `"${key}"`).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  const wrapped = isRecord(raw['prd']) && Object.hasOwn(raw['prd'], 'userStories') ? ' (the stories are inside "prd": move its keys to the top level)' : '';
  return (
    `not a Ralph prd.json: expected an object with a "userStories" array and a "branchName" ` +
    `(the format of snarktank/ralph, ralph-tui and the Rust ralph), found ${found}${wrapped}`
  );
}
