import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../../src/graph/similarity/threshold.js';
import { formatResolvedSettings } from '../../src/config/format.js';
import { resolveSettings } from '../../src/config/resolve.js';
import { SETTING_SPECS } from '../../src/config/setting-specs.js';
import { validatePrdObject } from '../../src/prd/validate.js';
import type { Prd } from '../../src/prd/types.js';
import { InputError } from '../../src/util/errors.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ralph-resolve-'));
  await mkdir(join(root, '.git'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function prdWith(parallel: Record<string, unknown>): Prd {
  return validatePrdObject(
    {
      project: 'p',
      branchName: 'ralph/p',
      description: 'd',
      userStories: [{ id: 'US-1', title: 't', description: 'd', acceptanceCriteria: [], priority: 1, passes: false }],
      parallel,
    },
    'prd.json',
  );
}

describe('defaults', () => {
  it('match the documented values and cover every setting', () => {
    expect(DEFAULT_SETTINGS.maxConcurrency).toBe('auto');
    expect(DEFAULT_SETTINGS.similarityThreshold).toBe(DEFAULT_SIMILARITY_THRESHOLD);
    expect(DEFAULT_SETTINGS.worktreeCopy).toEqual(['.env', '.env.local']);
    expect(Object.isFrozen(DEFAULT_SETTINGS.worktreeCopy)).toBe(true);
    expect(SETTING_SPECS.map((spec) => spec.key).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });
});

describe('resolveSettings', () => {
  it('uses the defaults when nothing else is given', async () => {
    const resolved = await resolveSettings({ cwd: root, cli: {} });
    expect(resolved.values).toEqual(DEFAULT_SETTINGS);
    expect(new Set(Object.values(resolved.sources))).toEqual(new Set(['default']));
    expect(resolved.rcPath).toBeNull();
    resolved.values.worktreeCopy.push('changed');
    expect(DEFAULT_SETTINGS.worktreeCopy).toEqual(['.env', '.env.local']);
  });

  it('applies CLI > prd > rc > default, recording each source', async () => {
    await writeFile(
      join(root, '.ralphrc'),
      [
        'parallel:',
        '  maxConcurrency: 2',
        '  conflictStrategy: file',
        '  inferenceMode: files',
        '  weights: { files: 3 }',
        'agent:',
        '  name: amp',
        '',
      ].join('\n'),
    );
    const resolved = await resolveSettings({
      cwd: root,
      prd: prdWith({ enabled: true, maxConcurrency: 4, conflictStrategy: 'entity_based', weights: { similarity: 0.5 } }),
      cli: { maxConcurrency: 6, model: undefined },
    });
    expect(resolved.rcPath).toBe(join(root, '.ralphrc'));
    expect(resolved.values.maxConcurrency).toBe(6);
    expect(resolved.sources.maxConcurrency).toBe('cli');
    expect(resolved.values.parallel).toBe(true);
    expect(resolved.sources.parallel).toBe('prd');
    expect(resolved.values.conflictStrategy).toBe('entity');
    expect(resolved.sources.conflictStrategy).toBe('prd');
    expect(resolved.values.inferenceMode).toBe('files');
    expect(resolved.sources.inferenceMode).toBe('rc');
    expect(resolved.values.weights).toEqual({ files: 3, similarity: 0.5 });
    expect(resolved.sources.weights).toBe('prd');
    expect(resolved.values.agent).toBe('amp');
    expect(resolved.sources.agent).toBe('rc');
    expect(resolved.values.model).toBeNull();
    expect(resolved.sources.model).toBe('default');
  });

  it('lets prd.json turn parallel mode off and the CLI turn it back on', async () => {
    await writeFile(join(root, '.ralphrc.json'), '{"parallel": {"enabled": true}}');
    const off = await resolveSettings({ cwd: root, prd: prdWith({ enabled: false }), cli: {} });
    expect([off.values.parallel, off.sources.parallel]).toEqual([false, 'prd']);
    const on = await resolveSettings({ cwd: root, prd: prdWith({ enabled: false }), cli: { parallel: true } });
    expect([on.values.parallel, on.sources.parallel]).toEqual([true, 'cli']);
  });

  it('rejects bad combined values, naming the source', async () => {
    const attempt = resolveSettings({ cwd: root, cli: { maxConcurrency: -1, maxIterations: 0, weights: { files: -1, similarity: 1 } } });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    const message = await attempt.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message.split('\n').sort()).toEqual([
      '--max-concurrency: must be a non-negative integer or "auto", got -1',
      '--max-iterations: must be at least 1, got 0',
      // weights has no flag (rc file and prd.json only): the setting's name is shown.
      'weights.files: must be at least 0, got -1',
    ]);
  });

  it('reads an explicitly named rc file', async () => {
    await writeFile(join(root, 'team.yml'), 'gates:\n  - npm test\n');
    const resolved = await resolveSettings({ cwd: root, cli: {}, rcPath: 'team.yml' });
    expect(resolved.values.gates).toEqual(['npm test']);
    expect(resolved.sources.gates).toBe('rc');
    expect(resolved.rcPath).toBe(join(root, 'team.yml'));
  });
});

describe('formatResolvedSettings', () => {
  it('prints an aligned key/value/source table and the rc file', async () => {
    await writeFile(join(root, '.ralphrc'), 'agent:\n  model: sonnet\n');
    const text = formatResolvedSettings(await resolveSettings({ cwd: root, cli: { parallel: true } }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^key\s+value\s+source$/);
    const valueColumn = lines[0]?.indexOf('value');
    const modelLine = lines.find((line) => line.startsWith('model '));
    expect(modelLine).toMatch(/^model\s+sonnet\s+rc$/);
    expect(modelLine?.indexOf('sonnet')).toBe(valueColumn);
    expect(lines.find((line) => line.startsWith('parallel '))).toMatch(/true\s+cli$/);
    expect(lines.find((line) => line.startsWith('worktreeCopy '))).toContain('[".env",".env.local"]');
    expect(text).toContain(`rc file: ${join(root, '.ralphrc')}\n`);
  });
});
