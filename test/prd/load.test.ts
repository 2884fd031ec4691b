import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPrd, parsePrd } from '../../src/prd/load.js';
import { validatePrdObject } from '../../src/prd/validate.js';
import { InputError } from '../../src/util/errors.js';
import { prdObject, story, useTempDir } from './temp-dir.js';

const tempDir = useTempDir('ralph-prd-load-');

/** Write the PRD, expect loadPrd to fail with InputError, and the file to be untouched. */
async function expectRejected(content: string): Promise<string> {
  const file = join(tempDir(), 'prd.json');
  await writeFile(file, content);
  const before = await readFile(file);
  let caught: unknown;
  try {
    await loadPrd(file);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).exitCode).toBe(2);
  expect((await readFile(file)).equals(before)).toBe(true);
  return (caught as InputError).message;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('loadPrd', () => {
  it('loads a classic Ralph PRD without the new fields', async () => {
    const file = join(tempDir(), 'prd.json');
    await writeFile(file, json(prdObject([story('US-001'), story('US-002', { priority: 2, passes: true })])));
    const loaded = await loadPrd(file);
    expect(loaded.path).toBe(file);
    expect(loaded.prd.branchName).toBe('ralph/demo');
    expect(loaded.prd.parallel).toBeUndefined();
    expect(loaded.prd.userStories.map((s) => [s.id, s.priority, s.passes])).toEqual([
      ['US-001', 1, false],
      ['US-002', 2, true],
    ]);
    expect(loaded.prd.userStories[0]).not.toHaveProperty('dependsOn');
    expect(loaded.prd.userStories[0]).not.toHaveProperty('targetFiles');
  });

  it('loads dependsOn, targetFiles and keeps unknown keys in raw only', async () => {
    const file = join(tempDir(), 'prd.json');
    const raw = prdObject(
      [story('US-001', { targetFiles: ['./src/a/**/*.ts', 'docs/*.md'], custom: 1 }), story('US-002', { dependsOn: ['US-001'] })],
      { owner: 'team-a' },
    );
    await writeFile(file, json(raw));
    const loaded = await loadPrd(file);
    expect(loaded.prd.userStories[0]?.targetFiles).toEqual(['src/a/**/*.ts', 'docs/*.md']);
    expect(loaded.prd.userStories[1]?.dependsOn).toEqual(['US-001']);
    expect(loaded.raw).toEqual(raw);
    expect(loaded.prd).not.toHaveProperty('owner');
    expect(loaded.prd.userStories[0]).not.toHaveProperty('custom');
  });

  it('reports a missing file as an InputError', async () => {
    await expect(loadPrd(join(tempDir(), 'nope.json'))).rejects.toThrow(/nope\.json: cannot read PRD: file not found/);
  });

  it('reports JSON syntax errors with line and column', async () => {
    const message = await expectRejected('{\n  "project": "x",\n  "branchName": tru\n}\n');
    expect(message).toMatch(/prd\.json:3:20: Unexpected token/);
    const trailingComma = await expectRejected('{\n  "project": "x",\n}\n');
    expect(trailingComma).toMatch(/prd\.json:3:1: Expected double-quoted property name$/);
    const truncated = await expectRejected('{\n  "a": [1, 2');
    expect(truncated).toMatch(/prd\.json:2:13: /);
  });

  it('names story and field for schema errors', async () => {
    const message = await expectRejected(
      json(prdObject([story('US-001'), story('US-002'), story('US-003', { priority: 'high' })])),
    );
    expect(message).toBe(`${join(tempDir(), 'prd.json')}: story "US-003" field "priority": must be an integer`);
  });

  it('rejects a non-integer priority', async () => {
    const message = await expectRejected(json(prdObject([story('US-001', { priority: 1.5 })])));
    expect(message).toContain('story "US-001" field "priority": must be an integer');
  });

  it('names a story without an id by index, and missing required fields', async () => {
    const { id: _unused, ...noId } = story('x');
    const message = await expectRejected(json(prdObject([story('US-001'), noId])));
    expect(message).toContain('story at userStories[1] field "id": is required');
    const noBranch = await expectRejected(json({ project: 'p', description: 'd', userStories: [] }));
    expect(noBranch).toContain('field "branchName": is required');
  });

  it('rejects duplicate ids, self and unknown dependencies', async () => {
    const message = await expectRejected(
      json(prdObject([story('US-001'), story('US-002', { dependsOn: ['US-002', 'US-999'] }), story('US-001')])),
    );
    expect(message).toContain('story "US-001" is defined more than once (userStories[0] and userStories[2])');
    expect(message).toContain('story "US-002" field "dependsOn": a story cannot depend on itself');
    expect(message).toContain('story "US-002" field "dependsOn": unknown story id "US-999"');
  });

  it('rejects targetFiles that are absolute or leave the repository', async () => {
    const message = await expectRejected(
      json(prdObject([story('US-001', { targetFiles: ['/etc/passwd', '../other/*.ts', 'src/**/../../../x', 'C:\\x'] })])),
    );
    expect(message).toContain('story "US-001" field "targetFiles": "/etc/passwd" is an absolute path');
    expect(message).toContain('"../other/*.ts" points outside the repository');
    expect(message).toContain('"src/**/../../../x" points outside the repository');
    expect(message).toContain('"C:\\x" is an absolute path');
  });

  it('lists every problem in one error, one line each, naming the file', async () => {
    const message = await expectRejected(
      json(prdObject([story('US-001', { passes: 'no', acceptanceCriteria: ['ok', 3] }), story('US-002', { dependsOn: ['US-404'] })])),
    );
    const lines = message.split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.startsWith(`${join(tempDir(), 'prd.json')}: `)).toBe(true);
    expect(message).toContain('story "US-001" field "passes": must be a boolean (true or false)');
    expect(message).toContain('story "US-001" field "acceptanceCriteria[1]": must be a string');
  });
});

describe('parallel block', () => {
  it('normalises the Rust vocabulary', () => {
    const prd = validatePrdObject(
      prdObject([story('US-001')], {
        parallel: { enabled: true, maxConcurrency: 'auto', conflictStrategy: 'entity_based', inferenceMode: 'disabled' },
      }),
      'prd.json',
    );
    expect(prd.parallel).toEqual({ enabled: true, maxConcurrency: 'auto', conflictStrategy: 'entity', inferenceMode: 'none' });
  });

  it('keeps our vocabulary and numeric settings', () => {
    const parallel = {
      maxConcurrency: 0,
      conflictStrategy: 'file',
      inferenceMode: 'embeddings',
      similarityThreshold: 0.7,
      weights: { files: 2 },
      autoCeiling: 4,
    };
    expect(validatePrdObject(prdObject([story('US-001')], { parallel }), 'prd.json').parallel).toEqual(parallel);
  });

  it('rejects bad values and unknown keys with the field named', () => {
    const parallel = {
      maxConcurrency: -1,
      conflictStrategy: 'ast',
      inferenceMode: 'magic',
      similarityThreshold: 1.5,
      autoCeiling: 0,
      maxConcurency: 2,
    };
    let message = '';
    try {
      validatePrdObject(prdObject([story('US-001')], { parallel }), 'prd.json');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      message = (error as Error).message;
    }
    expect(message).toContain('prd.json: field "parallel.maxConcurrency": must be a non-negative integer or "auto", got -1');
    expect(message).toContain('field "parallel.conflictStrategy": must be one of entity, file, none');
    expect(message).toContain('got "ast"');
    expect(message).toContain('field "parallel.inferenceMode": must be one of');
    expect(message).toContain('field "parallel.similarityThreshold": must be at most 1');
    expect(message).toContain('field "parallel.autoCeiling": must be at least 1');
    expect(message).toContain('field "parallel.maxConcurency": is not a known key');
  });
});

describe('parsePrd', () => {
  it('returns the typed PRD and the raw object', () => {
    const { prd, raw } = parsePrd(json(prdObject([story('US-001')], { extra: true })), 'prd.json');
    expect(prd.userStories).toHaveLength(1);
    expect(raw['extra']).toBe(true);
  });

  it('rejects a top level that is not an object', () => {
    expect(() => parsePrd('[]', 'prd.json')).toThrow('prd.json: must be an object');
  });
});
