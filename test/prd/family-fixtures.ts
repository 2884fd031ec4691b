import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../../src/prd/is-record.js';
import { formatJson } from '../../src/util/atomic-write.js';
import { ROOT } from '../helpers/cli.js';

/** prd.json files written in the shapes of the Ralph family's tools (fixtures/prd-family, see its README). */
export const FAMILY_DIR = join(ROOT, 'fixtures', 'prd-family');

export interface FamilyFile {
  /** `<tool>/<file>`, for test names. */
  name: string;
  tool: 'snarktank-ralph' | 'ralph-tui' | 'rust-ralph';
  text: string;
}

export function familyFiles(): FamilyFile[] {
  const tools = ['snarktank-ralph', 'ralph-tui', 'rust-ralph'] as const;
  return tools.flatMap((tool) =>
    readdirSync(join(FAMILY_DIR, tool))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({ name: `${tool}/${file}`, tool, text: readFileSync(join(FAMILY_DIR, tool, file), 'utf8') })),
  );
}

export function familyFile(name: string): FamilyFile {
  const found = familyFiles().find((file) => file.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
}

function storiesOf(value: unknown): Array<Record<string, unknown>> {
  if (!isRecord(value) || !Array.isArray(value['userStories'])) throw new Error('no userStories');
  return value['userStories'].filter(isRecord);
}

/**
 * Assert `after` is `before` in its own shape with exactly the stories of
 * `passed` newly marked `passes: true`: the same top-level keys in the same
 * order (a ralph-tui `name` stays, no `project` appears), every story with
 * the same keys in the same order (a story that had no `passes` gains it
 * last) and every other value unchanged, so no defaulted field is written.
 * When `before` was in Ralph's layout (2-space JSON), only the `passes`
 * lines differ.
 */
export function expectSameShape(before: string, after: string, passed: readonly string[]): void {
  const old = JSON.parse(before) as Record<string, unknown>;
  const now = JSON.parse(after) as Record<string, unknown>;
  expect(Object.keys(now)).toEqual(Object.keys(old));
  for (const key of Object.keys(old)) if (key !== 'userStories') expect(now[key]).toEqual(old[key]);
  const oldStories = storiesOf(old);
  const newStories = storiesOf(now);
  expect(newStories.map((story) => story['id'])).toEqual(oldStories.map((story) => story['id']));
  oldStories.forEach((story, index) => {
    const updated = newStories[index] as Record<string, unknown>;
    const marked = passed.includes(String(story['id']));
    const expectedKeys = marked && !Object.hasOwn(story, 'passes') ? [...Object.keys(story), 'passes'] : Object.keys(story);
    expect(Object.keys(updated)).toEqual(expectedKeys);
    expect(updated).toEqual(marked ? { ...story, passes: true } : story);
  });
  if (formatJson(old) === before) {
    const changed = after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
    const newlyPassed = oldStories.filter((story) => passed.includes(String(story['id'])) && story['passes'] === false).length;
    expect(changed).toHaveLength(newlyPassed);
    for (const line of changed) expect(line.trim()).toMatch(/^"passes": true,?$/);
  }
}
